using Brook.Core.Ids;
using Brook.Core.States;

namespace Brook.Runtime.JobMaster;

/// <summary>How a job ended: its terminal status, net runtime, merged accumulators and (if it failed) the root cause.</summary>
public sealed record JobResult(
    JobId JobId,
    JobStatus Status,
    TimeSpan NetRuntime,
    IReadOnlyDictionary<string, object> Accumulators,
    Exception? Failure);
