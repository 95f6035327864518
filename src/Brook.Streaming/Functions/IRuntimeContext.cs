using Brook.Streaming.Accumulators;
using Brook.Streaming.Metrics;

namespace Brook.Streaming.Functions;

/// <summary>What a subtask knows about itself (Flink's RuntimeContext), plus its accumulators.</summary>
public interface IRuntimeContext
{
    string JobId { get; }

    /// <summary>The name of the task (the chain's vertex name).</summary>
    string TaskName { get; }

    /// <summary>"name (i/n)#attempt", Flink's form.</summary>
    string TaskNameWithSubtasks { get; }

    int IndexOfThisSubtask { get; }

    int NumberOfParallelSubtasks { get; }

    int MaxNumberOfParallelSubtasks { get; }

    int AttemptNumber { get; }

    /// <summary>Registers an accumulator under a name unique within the job's subtask; results are merged over subtasks.</summary>
    void AddAccumulator(string name, IAccumulator accumulator);

    IAccumulator? GetAccumulator(string name);

    IntCounter GetIntCounter(string name);

    LongCounter GetLongCounter(string name);

    DoubleCounter GetDoubleCounter(string name);

    Histogram GetHistogram(string name);

    AverageAccumulator GetAverageAccumulator(string name);

    /// <summary>
    /// The operator's metric group (Flink's getMetricGroup()): user counters, gauges, meters and histograms
    /// reported under the operator's scope. Outside a running task, a group that reports nothing.
    /// </summary>
    IMetricGroup GetMetricGroup() => UnregisteredMetricGroup.Instance;
}
