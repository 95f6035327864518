using Brook.Streaming.Operators;

namespace Brook.Streaming.State.Internal;

/// <summary>
/// The state backend keyed operators use when the job configured none (Flink's default, the heap
/// "hashmap" backend). Brook.Runtime registers it when it loads; it lives there, next to the other backends.
/// </summary>
internal static class DefaultStateBackend
{
    public static IStateBackend? Instance { get; set; }
}
