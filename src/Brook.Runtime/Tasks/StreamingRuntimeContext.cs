using System.Collections.Concurrent;
using Brook.Streaming.Accumulators;
using Brook.Streaming.Functions;

namespace Brook.Runtime.Tasks;

/// <summary>The runtime context of one subtask; its accumulators are shared by the operators of the chain.</summary>
internal sealed class StreamingRuntimeContext(string jobId, string taskName, int subtaskIndex, int parallelism, int maxParallelism, int attemptNumber)
    : IRuntimeContext
{
    private readonly ConcurrentDictionary<string, IAccumulator> _accumulators = new(StringComparer.Ordinal);

    public string JobId => jobId;

    public string TaskName => taskName;

    public string TaskNameWithSubtasks => $"{taskName} ({subtaskIndex + 1}/{parallelism})#{attemptNumber}";

    public int IndexOfThisSubtask => subtaskIndex;

    public int NumberOfParallelSubtasks => parallelism;

    public int MaxNumberOfParallelSubtasks => maxParallelism;

    public int AttemptNumber => attemptNumber;

    public void AddAccumulator(string name, IAccumulator accumulator)
    {
        if (!_accumulators.TryAdd(name, accumulator))
            throw new InvalidOperationException($"The accumulator '{name}' already exists and cannot be added.");
    }

    public IAccumulator? GetAccumulator(string name) => _accumulators.GetValueOrDefault(name);

    public IntCounter GetIntCounter(string name) => Get<IntCounter>(name);

    public LongCounter GetLongCounter(string name) => Get<LongCounter>(name);

    public DoubleCounter GetDoubleCounter(string name) => Get<DoubleCounter>(name);

    public Histogram GetHistogram(string name) => Get<Histogram>(name);

    public AverageAccumulator GetAverageAccumulator(string name) => Get<AverageAccumulator>(name);

    private T Get<T>(string name) where T : IAccumulator, new()
    {
        var acc = _accumulators.GetOrAdd(name, _ => new T());
        return acc is T t ? t : throw new InvalidOperationException($"The accumulator '{name}' exists with type {acc.GetType().Name}, not {typeof(T).Name}.");
    }

    /// <summary>Copies of the accumulators, safe to merge while the task keeps running.</summary>
    public IReadOnlyDictionary<string, IAccumulator> SnapshotAccumulators() =>
        _accumulators.ToDictionary(kv => kv.Key, kv => kv.Value.Snapshot(), StringComparer.Ordinal);
}
