using Brook.Streaming.Accumulators;
using Brook.Streaming.Functions;
using Brook.Streaming.Metrics;

namespace Brook.Runtime.Tasks;

/// <summary>The runtime context one operator of a chain gets: the task's context with the operator's own metric group.</summary>
internal sealed class OperatorRuntimeContext(IRuntimeContext task, IMetricGroup metricGroup) : IRuntimeContext
{
    public string JobId => task.JobId;

    public string TaskName => task.TaskName;

    public string TaskNameWithSubtasks => task.TaskNameWithSubtasks;

    public int IndexOfThisSubtask => task.IndexOfThisSubtask;

    public int NumberOfParallelSubtasks => task.NumberOfParallelSubtasks;

    public int MaxNumberOfParallelSubtasks => task.MaxNumberOfParallelSubtasks;

    public int AttemptNumber => task.AttemptNumber;

    public void AddAccumulator(string name, IAccumulator accumulator) => task.AddAccumulator(name, accumulator);

    public IAccumulator? GetAccumulator(string name) => task.GetAccumulator(name);

    public IntCounter GetIntCounter(string name) => task.GetIntCounter(name);

    public LongCounter GetLongCounter(string name) => task.GetLongCounter(name);

    public DoubleCounter GetDoubleCounter(string name) => task.GetDoubleCounter(name);

    public Histogram GetHistogram(string name) => task.GetHistogram(name);

    public AverageAccumulator GetAverageAccumulator(string name) => task.GetAverageAccumulator(name);

    public IMetricGroup GetMetricGroup() => metricGroup;
}
