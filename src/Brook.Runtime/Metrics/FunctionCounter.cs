using Brook.Streaming.Metrics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// A counter whose count is a field the task thread increments directly (the per-record path stays a plain field
/// increment); the metric system only reads it. Not incremented through this interface.
/// </summary>
internal sealed class FunctionCounter(Func<long> read) : ICounter
{
    public long Count => read();

    public void Inc() => throw new NotSupportedException("A system counter is incremented by the task, not through the metric.");

    public void Inc(long n) => Inc();

    public void Dec() => Inc();

    public void Dec(long n) => Inc();
}
