using Brook.Core.Hashing;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Streaming;

/// <summary>The stream of one operator, whose properties can still be set (Flink's SingleOutputStreamOperator).</summary>
public class SingleOutputStreamOperator<T> : DataStream<T>
{
    internal SingleOutputStreamOperator(StreamExecutionEnvironment environment, Transformation transformation) : base(environment, transformation)
    {
    }

    public SingleOutputStreamOperator<T> SetParallelism(int parallelism)
    {
        if (parallelism < 1) throw new ArgumentOutOfRangeException(nameof(parallelism), "The parallelism of an operator must be at least 1.");
        Transformation.Parallelism = parallelism;
        return this;
    }

    public SingleOutputStreamOperator<T> SetMaxParallelism(int maxParallelism)
    {
        if (maxParallelism is < 1 or > KeyGroupRangeAssignment.UpperBoundMaxParallelism) throw new ArgumentOutOfRangeException(nameof(maxParallelism));
        Transformation.MaxParallelism = maxParallelism;
        return this;
    }

    public SingleOutputStreamOperator<T> Name(string name)
    {
        Transformation.Name = name;
        return this;
    }

    /// <summary>A stable id: the operator's id is derived from it, so state maps across program changes.</summary>
    public SingleOutputStreamOperator<T> Uid(string uid)
    {
        Transformation.Uid = uid;
        return this;
    }

    /// <summary>Starts a new chain at this operator (it does not chain to its predecessor).</summary>
    public SingleOutputStreamOperator<T> StartNewChain()
    {
        Transformation.ChainingStrategy = ChainingStrategy.Head;
        return this;
    }

    /// <summary>Never chains this operator, in either direction.</summary>
    public SingleOutputStreamOperator<T> DisableChaining()
    {
        Transformation.ChainingStrategy = ChainingStrategy.Never;
        return this;
    }

    /// <summary>The side output <paramref name="tag"/> of this operator.</summary>
    public DataStream<TSide> GetSideOutput<TSide>(OutputTag<TSide> tag) =>
        new(Environment, new SideOutputTransformation(Environment.NextId(), Transformation, tag));
}
