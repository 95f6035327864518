namespace Brook.Streaming.Operators;

/// <summary>The untyped view of an output tag the graph keeps on side-output edges.</summary>
public interface IOutputTag
{
    string Id { get; }
    Type ElementType { get; }
    DataType DataType { get; }
}
