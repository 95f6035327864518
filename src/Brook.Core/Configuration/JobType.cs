namespace Brook.Core.Configuration;

/// <summary>How a submitted job is scheduled, resolved from <see cref="RuntimeExecutionMode"/> (Flink's JobType; the REST "job-type").</summary>
public enum JobType
{
    STREAMING,
    BATCH,
}
