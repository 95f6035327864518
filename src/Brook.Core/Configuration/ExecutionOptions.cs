namespace Brook.Core.Configuration;

/// <summary>Options of how a job executes (Flink's ExecutionOptions).</summary>
public static class ExecutionOptions
{
    public static readonly ConfigOption<RuntimeExecutionMode> RuntimeMode = new("execution.runtime-mode", RuntimeExecutionMode.STREAMING,
        ConfigParsers.Enum<RuntimeExecutionMode>(), "STREAMING, BATCH (bounded input processed stage by stage, final results only) or AUTOMATIC (BATCH when every source is bounded).");
}
