using Brook.Core.Hashing;
using Brook.Runtime.State;

namespace Brook.State.Tests.State;

internal static class KeyedBackendFactory
{
    public static HeapKeyedStateBackend Create<TKey>(TimeProvider? time = null, int maxParallelism = 128, KeyGroupRange? range = null) =>
        new(typeof(TKey), maxParallelism, range ?? new KeyGroupRange(0, maxParallelism - 1), time ?? TimeProvider.System);

    /// <summary>The backend of subtask <paramref name="index"/> of <paramref name="parallelism"/>.</summary>
    public static HeapKeyedStateBackend ForSubtask<TKey>(int index, int parallelism, int maxParallelism = 128, TimeProvider? time = null) =>
        new(typeof(TKey), maxParallelism, KeyGroupRangeAssignment.RangeForOperatorIndex(maxParallelism, parallelism, index), time ?? TimeProvider.System);

    public static int OwnerOf(object key, int parallelism, int maxParallelism = 128) =>
        KeyGroupRangeAssignment.OperatorIndexForKeyGroup(maxParallelism, parallelism, StableKeyHasher.KeyGroupOf(key, maxParallelism));
}
