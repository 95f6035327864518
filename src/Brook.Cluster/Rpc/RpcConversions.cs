using Brook.Cluster.Rpc.Protocol;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.Metrics;

namespace Brook.Cluster.Rpc;

/// <summary>Brook's records to and from their RPC messages; what comes from the network is checked before it is used.</summary>
internal static class RpcConversions
{
    public static MetricDumpEntry ToMessage(MetricDump d)
    {
        var e = new MetricDumpEntry
        {
            Category = (int)d.Scope.Category,
            Scope = d.Scope.Scope,
            TaskManagerId = d.Scope.TaskManagerId ?? "",
            JobId = d.Scope.JobId ?? "",
            VertexId = d.Scope.VertexId ?? "",
            SubtaskIndex = d.Scope.SubtaskIndex,
            AttemptNumber = d.Scope.AttemptNumber,
            OperatorName = d.Scope.OperatorName ?? "",
            Name = d.Name,
            Kind = (int)d.Kind,
            HasValue = d.Value is not null,
            Value = d.Value ?? "",
        };
        if (d.Statistics is { } s)
        {
            e.Statistics = new Protocol.HistogramStatistics { Size = s.Size, Min = s.Min, Max = s.Max, Mean = s.Mean, StdDev = s.StdDev };
            e.Statistics.SortedValues.AddRange(s.SortedValues);
        }
        return e;
    }

    /// <summary>
    /// A metric a TaskManager process sent, or null when it is not one it may send: only the TaskManager's own scope and
    /// the scopes of its jobs' tasks and operators, of a known kind.
    /// </summary>
    public static MetricDump? FromMessage(MetricDumpEntry e, string taskManagerId)
    {
        if (!Enum.IsDefined((MetricKind)e.Kind) || !Enum.IsDefined((QueryScopeCategory)e.Category) || e.Name.Length == 0) return null;
        var category = (QueryScopeCategory)e.Category;
        if (category is QueryScopeCategory.JobManager or QueryScopeCategory.JobManagerOperator) return null;
        if (category == QueryScopeCategory.TaskManager && e.TaskManagerId != taskManagerId) return null;
        var scope = new QueryScopeInfo(category, e.Scope, Nullable(e.TaskManagerId), Nullable(e.JobId), Nullable(e.VertexId), e.SubtaskIndex, e.AttemptNumber,
            Nullable(e.OperatorName));
        Streaming.Metrics.HistogramStatistics? statistics = e.Statistics is { } s
            ? new Streaming.Metrics.HistogramStatistics(s.Size, s.Min, s.Max, s.Mean, s.StdDev, s.SortedValues.Order().ToList())
            : null;
        return new MetricDump(scope, e.Name, (MetricKind)e.Kind, e.HasValue ? e.Value : null, statistics);
    }

    public static ThreadInfo ToMessage(ThreadInfoSample t)
    {
        var m = new ThreadInfo { ThreadId = t.ThreadId, ThreadName = t.ThreadName, State = (int)t.State, InNative = t.InNative };
        m.Frames.AddRange(t.StackTrace.Select(f => new StackFrame { ClassName = f.ClassName, MethodName = f.MethodName, ModuleName = f.ModuleName }));
        return m;
    }

    public static ThreadInfoSample FromMessage(ThreadInfo m) =>
        new(m.ThreadId, m.ThreadName, Enum.IsDefined((ThreadInfoState)m.State) ? (ThreadInfoState)m.State : ThreadInfoState.RUNNABLE, m.InNative,
            m.Frames.Select(f => new StackTraceElement(f.ClassName, f.MethodName, f.ModuleName)).ToList());

    private static string? Nullable(string s) => s.Length == 0 ? null : s;
}
