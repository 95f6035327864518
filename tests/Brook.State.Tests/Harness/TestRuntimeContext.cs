using Brook.Streaming.Accumulators;
using Brook.Streaming.Functions;

namespace Brook.State.Tests.Harness;

internal sealed class TestRuntimeContext(int subtaskIndex = 0, int parallelism = 1) : IRuntimeContext
{
    private readonly Dictionary<string, IAccumulator> _accumulators = [];

    public string JobId => "00000000000000000000000000000001";
    public string TaskName => "test";
    public string TaskNameWithSubtasks => $"test ({subtaskIndex + 1}/{parallelism})#0";
    public int IndexOfThisSubtask => subtaskIndex;
    public int NumberOfParallelSubtasks => parallelism;
    public int MaxNumberOfParallelSubtasks => 128;
    public int AttemptNumber => 0;
    public void AddAccumulator(string name, IAccumulator accumulator) => _accumulators.Add(name, accumulator);
    public IAccumulator? GetAccumulator(string name) => _accumulators.GetValueOrDefault(name);
    public IntCounter GetIntCounter(string name) => Get<IntCounter>(name);
    public LongCounter GetLongCounter(string name) => Get<LongCounter>(name);
    public DoubleCounter GetDoubleCounter(string name) => Get<DoubleCounter>(name);
    public Histogram GetHistogram(string name) => Get<Histogram>(name);
    public AverageAccumulator GetAverageAccumulator(string name) => Get<AverageAccumulator>(name);

    private T Get<T>(string name) where T : IAccumulator, new()
    {
        if (!_accumulators.TryGetValue(name, out var acc)) _accumulators[name] = acc = new T();
        return (T)acc;
    }
}
