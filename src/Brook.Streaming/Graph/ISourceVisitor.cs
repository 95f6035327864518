using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>Called back with a source's element and split types as type arguments.</summary>
public interface ISourceVisitor<out TResult>
{
    TResult Visit<T, TSplit>(Sources.ISource<T, TSplit> source) where TSplit : Sources.ISourceSplit;
}
