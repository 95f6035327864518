using Brook.Streaming.Operators;

namespace Brook.Streaming.State.Internal;

/// <summary>
/// Appending state that adds a run of records of one namespace (a window) in one call: the namespace's values are
/// resolved once and each record's key updated in place, where <see cref="IInternalAddReportingState{TIn}"/> would need
/// the current key set and a lookup through the state's interfaces per record.
/// </summary>
internal interface IInternalBatchAddState<TKey, in TNamespace, TIn>
{
    /// <summary>
    /// Adds each record's value under its key (<paramref name="keys"/>, key groups in <paramref name="keyGroups"/>) and
    /// the namespace, as <c>AddAndReportFirst</c> on each in order would. Returns how many records created their key's
    /// value under the namespace, with their positions in order at the start of <paramref name="created"/> (as long as
    /// the run); -1, with nothing added, when the state cannot (TTL).
    /// </summary>
    int TryAddAll(TNamespace ns, ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<TIn>> records, Span<int> created);
}
