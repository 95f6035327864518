namespace Brook.Core.Configuration;

/// <summary>How a job runs (Flink's RuntimeExecutionMode, <c>execution.runtime-mode</c>).</summary>
public enum RuntimeExecutionMode
{
    /// <summary>Continuous processing: every operator emits as records arrive; checkpoints give fault tolerance.</summary>
    STREAMING,

    /// <summary>Bounded input processed stage by stage; keyed aggregations and windows emit final results only.</summary>
    BATCH,

    /// <summary>BATCH when every source is bounded, else STREAMING.</summary>
    AUTOMATIC,
}
