using Brook.Streaming.Graph;

namespace Brook.Streaming.Execution;

/// <summary>
/// Plan mode: captures the StreamGraph of the first ExecuteAsync and aborts the program by throwing
/// <see cref="ProgramAbortException"/> (as Flink's StreamPlanEnvironment does).
/// </summary>
public sealed class PlanCapturingExecutor : IPipelineExecutor
{
    public StreamGraph? CapturedGraph { get; private set; }

    public Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken)
    {
        CapturedGraph = streamGraph;
        throw new ProgramAbortException();
    }
}
