using Brook.Streaming.Graph;

namespace Brook.Streaming.Execution;

/// <summary>
/// Runs or submits a pipeline (Flink's PipelineExecutor). The environment hands it the StreamGraph; it
/// returns once the job is submitted, with a client to follow the job.
/// </summary>
public interface IPipelineExecutor
{
    Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken);
}
