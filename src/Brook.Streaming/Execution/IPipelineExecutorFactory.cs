using Brook.Core.Configuration;

namespace Brook.Streaming.Execution;

/// <summary>Creates executors for a configuration (Flink's PipelineExecutorFactory).</summary>
public interface IPipelineExecutorFactory
{
    IPipelineExecutor Create(Configuration configuration);
}
