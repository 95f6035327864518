using Brook.Core.Ids;

namespace Brook.Streaming.Execution;

/// <summary>The result of a finished job: its net runtime and the accumulators merged over all subtasks.</summary>
public sealed class JobExecutionResult(JobId jobId, TimeSpan netRuntime, IReadOnlyDictionary<string, object> accumulators, bool detached = false)
{
    public JobId JobId { get; } = jobId;

    public bool IsDetached { get; } = detached;

    public TimeSpan NetRuntime => IsDetached ? throw Detached() : netRuntime;

    public IReadOnlyDictionary<string, object> AllAccumulatorResults => IsDetached ? throw Detached() : accumulators;

    public T GetAccumulatorResult<T>(string name) =>
        AllAccumulatorResults.TryGetValue(name, out var v) ? (T)v : throw new KeyNotFoundException($"No accumulator named '{name}'.");

    /// <summary>The result a detached submission returns at once (Flink's DetachedJobExecutionResult).</summary>
    public static JobExecutionResult ForDetached(JobId jobId) => new(jobId, TimeSpan.Zero, new Dictionary<string, object>(), detached: true);

    private InvalidOperationException Detached() =>
        new($"Job {JobId} was submitted in detached mode. Results of job execution, such as accumulators, runtime, etc. are not available.");

    public override string ToString() => IsDetached ? $"Job {JobId} (detached)" : $"Job {JobId} finished in {netRuntime.TotalMilliseconds:F0} ms";
}
