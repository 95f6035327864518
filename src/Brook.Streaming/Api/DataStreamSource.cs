using Brook.Core.Hashing;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Streaming;

/// <summary>A source's stream.</summary>
public sealed class DataStreamSource<T> : SingleOutputStreamOperator<T>
{
    internal DataStreamSource(StreamExecutionEnvironment environment, Transformation transformation) : base(environment, transformation)
    {
    }
}
