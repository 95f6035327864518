using System.Runtime.CompilerServices;
using Brook.Core.Hashing;

namespace Brook.Streaming.Graph;

/// <summary>
/// <see cref="KeyGroupRangeAssignment"/>'s arithmetic for one max parallelism, with the two divisions per
/// record replaced by multiplications (Lemire's fastmod/fastdiv with a precomputed reciprocal): the same
/// results, several times cheaper on the keyed hot path (partitioner and keyed operators).
/// </summary>
public sealed class KeyGroupComputer
{
    private readonly uint _maxParallelism;
    private readonly ulong _reciprocal;

    /// <summary>maxParallelism - 1 when it is a power of two (Flink's default 128 is): the key group is then a mask of the murmur hash, which is never negative.</summary>
    private readonly uint _mask;
    private readonly bool _powerOfTwo;

    public KeyGroupComputer(int maxParallelism)
    {
        if (maxParallelism < 1) throw new ArgumentOutOfRangeException(nameof(maxParallelism));
        MaxParallelism = maxParallelism;
        _maxParallelism = (uint)maxParallelism;
        _reciprocal = maxParallelism == 1 ? 0 : ulong.MaxValue / (uint)maxParallelism + 1;
        _powerOfTwo = System.Numerics.BitOperations.IsPow2(maxParallelism);
        _mask = (uint)maxParallelism - 1;
    }

    public int MaxParallelism { get; }

    /// <summary>murmur(hash) mod maxParallelism, as KeyGroupRangeAssignment.AssignToKeyGroup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int KeyGroup(int stableKeyHash)
    {
        var a = (uint)StableHash.Murmur(stableKeyHash);
        if (_powerOfTwo) return (int)(a & _mask);
        if (_reciprocal == 0) return 0;
        var low = unchecked(_reciprocal * a);
        return (int)Math.BigMul(low, _maxParallelism, out _);
    }

    /// <summary>keyGroup * parallelism / maxParallelism, as KeyGroupRangeAssignment.OperatorIndexForKeyGroup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int OperatorIndex(int keyGroup, int parallelism)
    {
        var a = (uint)(keyGroup * parallelism);
        if (_reciprocal == 0) return (int)a;
        return (int)Math.BigMul(_reciprocal, a, out _);
    }

    /// <summary>The operator index of every key group for <paramref name="parallelism"/> (a table the partitioner's batch loops read instead of computing it per record).</summary>
    public int[] OperatorIndexTable(int parallelism)
    {
        var table = new int[MaxParallelism];
        for (var keyGroup = 0; keyGroup < table.Length; keyGroup++) table[keyGroup] = OperatorIndex(keyGroup, parallelism);
        return table;
    }
}
