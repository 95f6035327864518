using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.ExecutionGraph;

namespace Brook.Rest.Handlers;

/// <summary>GET /jobs/:jobid/exceptions: the failure history, newest first, limited by maxExceptions and filtered by labels.</summary>
public static class JobExceptionsHandler
{
    /// <summary>Flink's default for maxExceptions (JobExceptionsHandler.MAX_NUMBER_EXCEPTION_TO_REPORT).</summary>
    public const int DefaultMaxExceptions = 20;

    public static JobExceptionsInfoWithHistory Handle(ExecutionGraphInfo info, int? maxExceptions, IReadOnlyList<KeyValuePair<string, string>> labelFilter)
    {
        var limit = maxExceptions ?? DefaultMaxExceptions;
        // Brook attaches no failure labels (no failure enrichers), so a label filter matches no entry, as in Flink without enrichers.
        var matching = info.Graph.ExceptionHistory.Reverse().Where(_ => labelFilter.Count == 0).ToList();
        var endpoints = info.Graph.Vertices.SelectMany(v => v.Subtasks).SelectMany(s => s.PriorExecutions.Append(s.CurrentExecution))
            .Where(e => e.TaskManagerId is not null && e.TaskManagerAddress is not null)
            .GroupBy(e => e.TaskManagerId!.Value).ToDictionary(g => g.Key, g => g.First().TaskManagerAddress!);
        var entries = matching.Take(Math.Max(0, limit)).Select(e => Root(e, endpoints)).ToList();
        return new JobExceptionsInfoWithHistory(new JobExceptionHistory(entries, matching.Count > entries.Count));
    }

    /// <summary>Parses one <c>key:value</c> filter; anything else is a malformed query parameter.</summary>
    public static KeyValuePair<string, string> ParseLabel(string raw)
    {
        var sep = raw.IndexOf(':');
        if (sep <= 0 || sep == raw.Length - 1) throw new FormatException($"'{raw}' is not a key:value failure label.");
        return KeyValuePair.Create(raw[..sep].Trim(), raw[(sep + 1)..].Trim());
    }

    private static RootExceptionInfo Root(ErrorInfo e, Dictionary<Core.Ids.ResourceId, string> endpoints) =>
        new(e.ExceptionType, e.StackTrace, e.Timestamp, e.TaskName, Endpoint(e, endpoints), e.TaskManagerId?.Hex, new Dictionary<string, string>(),
            e.ConcurrentExceptions.Select(c => new ExceptionInfo(c.ExceptionType, c.StackTrace, c.Timestamp, c.TaskName, Endpoint(c, endpoints),
                c.TaskManagerId?.Hex, new Dictionary<string, string>())).ToList());

    private static string? Endpoint(ErrorInfo e, Dictionary<Core.Ids.ResourceId, string> endpoints) =>
        e.TaskManagerId is { } tm ? endpoints.GetValueOrDefault(tm) : null;
}
