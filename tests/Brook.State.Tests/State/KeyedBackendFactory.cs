using Brook.Core.Hashing;
using Brook.Runtime.State;
using Brook.Streaming.Graph;

namespace Brook.State.Tests.State;

internal static class KeyedBackendFactory
{
    public static HeapKeyedStateBackend<TKey> Create<TKey>(TimeProvider? time = null, int maxParallelism = 128, KeyGroupRange? range = null) =>
        new(maxParallelism, range ?? new KeyGroupRange(0, maxParallelism - 1), time ?? TimeProvider.System);

    /// <summary>The backend of subtask <paramref name="index"/> of <paramref name="parallelism"/>.</summary>
    public static HeapKeyedStateBackend<TKey> ForSubtask<TKey>(int index, int parallelism, int maxParallelism = 128, TimeProvider? time = null) =>
        new(maxParallelism, KeyGroupRangeAssignment.RangeForOperatorIndex(maxParallelism, parallelism, index), time ?? TimeProvider.System);

    public static int KeyGroupOf<TKey>(TKey key, int maxParallelism = 128) =>
        KeyGroupRangeAssignment.AssignToKeyGroup(KeyHasher<TKey>.Hash(key), maxParallelism);

    public static int OwnerOf<TKey>(TKey key, int parallelism, int maxParallelism = 128) =>
        KeyGroupRangeAssignment.OperatorIndexForKeyGroup(maxParallelism, parallelism, KeyGroupOf(key, maxParallelism));
}
