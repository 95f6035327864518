namespace Brook.Core.Hashing;

/// <summary>Flink's key-group arithmetic: key → key group → owning subtask, and each subtask's range.</summary>
public static class KeyGroupRangeAssignment
{
    public const int DefaultMaxParallelism = 128;
    public const int UpperBoundMaxParallelism = 1 << 15;

    public static int AssignToKeyGroup(int stableKeyHash, int maxParallelism) =>
        StableHash.Murmur(stableKeyHash) % maxParallelism;

    public static int OperatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroup) =>
        keyGroup * parallelism / maxParallelism;

    public static int OperatorIndexForKeyHash(int stableKeyHash, int maxParallelism, int parallelism) =>
        OperatorIndexForKeyGroup(maxParallelism, parallelism, AssignToKeyGroup(stableKeyHash, maxParallelism));

    public static KeyGroupRange RangeForOperatorIndex(int maxParallelism, int parallelism, int operatorIndex)
    {
        if (parallelism <= 0 || parallelism > maxParallelism)
            throw new ArgumentOutOfRangeException(nameof(parallelism), $"Parallelism {parallelism} must be in 1..{maxParallelism} (the max parallelism).");
        var start = (operatorIndex * maxParallelism + parallelism - 1) / parallelism;
        var end = ((operatorIndex + 1) * maxParallelism - 1) / parallelism;
        return new KeyGroupRange(start, end);
    }
}
