namespace Brook.Streaming.Metrics;

/// <summary>
/// Flink's SimpleCounter: a plain field, not thread-safe. A counter belongs to the task thread that increments it;
/// readers (REST, reporters) may see a value a moment old, which 64-bit reads keep whole.
/// </summary>
public sealed class SimpleCounter : ICounter
{
    private long _count;

    public void Inc() => _count++;

    public void Inc(long n) => _count += n;

    public void Dec() => _count--;

    public void Dec(long n) => _count -= n;

    public long Count => Volatile.Read(ref _count);
}
