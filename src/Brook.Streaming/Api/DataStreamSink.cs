using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Streaming;

/// <summary>A sink of a stream, whose properties can still be set (Flink's DataStreamSink).</summary>
public sealed class DataStreamSink<T>
{
    internal DataStreamSink(Transformation transformation) => Transformation = transformation;

    public Transformation Transformation { get; }

    public DataStreamSink<T> SetParallelism(int parallelism)
    {
        if (parallelism < 1) throw new ArgumentOutOfRangeException(nameof(parallelism));
        Transformation.Parallelism = parallelism;
        return this;
    }

    public DataStreamSink<T> Name(string name)
    {
        Transformation.Name = name;
        return this;
    }

    public DataStreamSink<T> Uid(string uid)
    {
        Transformation.Uid = uid;
        return this;
    }

    public DataStreamSink<T> DisableChaining()
    {
        Transformation.ChainingStrategy = ChainingStrategy.Never;
        return this;
    }

    public DataStreamSink<T> StartNewChain()
    {
        Transformation.ChainingStrategy = ChainingStrategy.Head;
        return this;
    }
}
