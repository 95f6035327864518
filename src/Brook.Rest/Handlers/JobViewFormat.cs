using System.Collections;
using System.Globalization;
using Brook.Core.States;
using Brook.Rest.Messages;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Metrics;

namespace Brook.Rest.Handlers;

/// <summary>The pieces every job view shares: metrics, state counts, endpoints, durations, accumulators as text.</summary>
public static class JobViewFormat
{
    /// <summary>Flink writes this where a subtask has no TaskManager yet.</summary>
    public const string Unassigned = "(unassigned)";

    /// <summary>The lifecycle states Flink reports durations for, in order.</summary>
    private static readonly ExecutionState[] DurationStates =
        [ExecutionState.CREATED, ExecutionState.SCHEDULED, ExecutionState.DEPLOYING, ExecutionState.INITIALIZING, ExecutionState.RUNNING];

    private static readonly ExecutionState[] Lifecycle =
    [
        ExecutionState.CREATED, ExecutionState.SCHEDULED, ExecutionState.DEPLOYING, ExecutionState.INITIALIZING, ExecutionState.RUNNING,
        ExecutionState.FINISHED, ExecutionState.CANCELING, ExecutionState.CANCELED, ExecutionState.FAILED,
    ];

    /// <summary>The subtasks' own counters; they are always complete because every attempt reports them (live or final).</summary>
    public static IOMetricsInfo Metrics(TaskMetricsSnapshot m) =>
        new(m.NumBytesIn, true, m.NumBytesOut, true, m.NumRecordsIn, true, m.NumRecordsOut, true, m.BackPressuredTimeMs, m.IdleTimeMs, m.BusyTimeMs);

    public static TaskMetricsSnapshot Sum(IEnumerable<TaskMetricsSnapshot> metrics) => metrics.Aggregate(TaskMetricsSnapshot.Empty, (a, m) =>
        new TaskMetricsSnapshot(a.NumRecordsIn + m.NumRecordsIn, a.NumRecordsOut + m.NumRecordsOut, a.NumBytesIn + m.NumBytesIn, a.NumBytesOut + m.NumBytesOut,
            a.BusyTimeMs + m.BusyTimeMs, a.IdleTimeMs + m.IdleTimeMs, a.BackPressuredTimeMs + m.BackPressuredTimeMs, a.RunningTimeMs + m.RunningTimeMs));

    /// <summary>A count for every execution state (upper-case names), as Flink's status maps have.</summary>
    public static Dictionary<string, int> StateCounts(IEnumerable<ExecutionState> states)
    {
        var counts = Enum.GetValues<ExecutionState>().ToDictionary(s => s.ToString(), _ => 0);
        foreach (var s in states) counts[s.ToString()]++;
        return counts;
    }

    public static string Endpoint(ArchivedExecution e) => e.TaskManagerAddress ?? Unassigned;

    public static string TaskManagerId(ArchivedExecution e) => e.TaskManagerId?.Hex ?? Unassigned;

    /// <summary>-1 before the start; up to now while it runs.</summary>
    public static long Duration(long start, long end, long now) => start < 0 ? -1 : (end >= 0 ? end : now) - start;

    /// <summary>How long the attempt spent in each lifecycle state; 0 for a state it never reached.</summary>
    public static Dictionary<string, long> StatusDuration(ArchivedExecution e, long now)
    {
        var result = new Dictionary<string, long>();
        foreach (var state in DurationStates)
        {
            if (!e.StateTimestamps.TryGetValue(state, out var start))
            {
                result[state.ToString()] = 0;
                continue;
            }
            var later = Lifecycle.SkipWhile(s => s != state).Skip(1)
                .Where(s => e.StateTimestamps.ContainsKey(s) && e.StateTimestamps[s] >= start)
                .Select(s => e.StateTimestamps[s]).DefaultIfEmpty(-1).Min();
            result[state.ToString()] = (later >= 0 ? later : now) - start;
        }
        return result;
    }

    /// <summary>Min, max, avg, sum, median and percentiles of the attempts' metrics and state durations.</summary>
    public static AggregatedTaskDetailsInfo Aggregated(IReadOnlyList<ArchivedExecution> attempts, long now)
    {
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["read-bytes"] = Stats(attempts.Select(a => a.Metrics.NumBytesIn)),
            ["write-bytes"] = Stats(attempts.Select(a => a.Metrics.NumBytesOut)),
            ["read-records"] = Stats(attempts.Select(a => a.Metrics.NumRecordsIn)),
            ["write-records"] = Stats(attempts.Select(a => a.Metrics.NumRecordsOut)),
            ["accumulated-backpressured-time"] = Stats(attempts.Select(a => a.Metrics.BackPressuredTimeMs)),
            ["accumulated-idle-time"] = Stats(attempts.Select(a => a.Metrics.IdleTimeMs)),
            ["accumulated-busy-time"] = Stats(attempts.Select(a => a.Metrics.BusyTimeMs)),
        };
        var durations = attempts.Select(a => StatusDuration(a, now)).ToList();
        var statusDuration = DurationStates.ToDictionary(s => s.ToString(),
            s => (IReadOnlyDictionary<string, long>)Stats(durations.Select(d => d[s.ToString()])));
        return new AggregatedTaskDetailsInfo(metrics, statusDuration);
    }

    /// <summary>Nearest-rank statistics of the values (all zero for none).</summary>
    public static IReadOnlyDictionary<string, long> Stats(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        long Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        var sum = sorted.Sum();
        return new Dictionary<string, long>
        {
            ["min"] = sorted.Length == 0 ? 0 : sorted[0],
            ["max"] = sorted.Length == 0 ? 0 : sorted[^1],
            ["avg"] = sorted.Length == 0 ? 0 : sum / sorted.Length,
            ["sum"] = sum,
            ["median"] = Percentile(50),
            ["p25"] = Percentile(25),
            ["p75"] = Percentile(75),
            ["p95"] = Percentile(95),
        };
    }

    public static IReadOnlyList<UserAccumulator> Accumulators(ArchivedExecution e) =>
        e.Accumulators.Select(a => new UserAccumulator(a.Name, a.Type, ValueText(a.Value))).ToList();

    /// <summary>An accumulator value as text (Flink's toString): numbers invariant, maps as {k=v, ...}, lists as [a, b].</summary>
    public static string ValueText(object? value) => value switch
    {
        null => "null",
        string s => s,
        IDictionary d => "{" + string.Join(", ", d.Keys.Cast<object>().Select(k => $"{ValueText(k)}={ValueText(d[k])}")) + "}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(ValueText)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
