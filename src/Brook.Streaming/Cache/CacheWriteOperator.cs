using Brook.Streaming.Operators;

namespace Brook.Streaming.Cache;

/// <summary>
/// Consumes the cached result in the job that produces it and drops it (Flink's NoOpStreamOperator): the result itself is
/// kept by the blocking partition on the edge into this operator, which outlives the job as a cluster partition.
/// </summary>
internal sealed class CacheWriteOperator<T> : AbstractStreamOperator<object>, IOneInputStreamOperator<T>
{
    public void ProcessElement(StreamRecord<T> record)
    {
    }

    public void EndInput()
    {
    }
}
