using Brook.Core.Configuration;

namespace Brook.Runtime.JobMaster;

/// <summary>Runtime options beyond CoreOptions that the JobMaster and the data exchange read.</summary>
public static class JobMasterOptions
{
    public static readonly ConfigOption<int> BuffersPerChannel = new("taskmanager.network.memory.buffers-per-channel", 2, ConfigParsers.PositiveInt,
        "Buffers queued per input channel before the producer blocks (backpressure).");

    public static readonly ConfigOption<int> RecordsPerBuffer = new("taskmanager.network.records-per-buffer", 1024, ConfigParsers.PositiveInt,
        "Records per in-process buffer (Brook passes records by reference in process, so buffers are sized in records, not bytes).");

    public static readonly ConfigOption<int> AttemptsHistorySize = new("jobmanager.execution.attempts-history-size", 16, ConfigParsers.PositiveInt,
        "The maximum number of prior execution attempts of a subtask kept in history.");
}
