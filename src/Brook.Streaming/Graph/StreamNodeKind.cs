using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>The kind of a stream node.</summary>
public enum StreamNodeKind
{
    Source,
    OneInput,
    TwoInput,
}
