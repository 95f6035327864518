using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>A source transformation, visited generically by the runtime to build its typed operator and coordinator.</summary>
public interface ISourceTransformation
{
    string Name { get; }

    Sources.Boundedness Boundedness { get; }

    TResult Accept<TResult>(ISourceVisitor<TResult> visitor);
}
