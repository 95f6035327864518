using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        return Remainder((uint)StableHash.Murmur(stableKeyHash));
    }

    /// <summary>
    /// Replaces each stable key hash of <paramref name="hashes"/> by its key group, as <see cref="KeyGroup"/> on each: the
    /// murmur hashes eight at a time in vector registers where the hardware has them, then the mask (a power-of-two max
    /// parallelism) in the same registers, or the scalar remainder.
    /// </summary>
    public void KeyGroups(Span<int> hashes)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(hashes);
            var mask = Vector256.Create((int)_mask);
            for (; i <= hashes.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                var murmured = StableHash.Murmur(Vector256.LoadUnsafe(ref start, (nuint)i));
                if (_powerOfTwo)
                {
                    (murmured & mask).StoreUnsafe(ref start, (nuint)i);
                    continue;
                }
                murmured.StoreUnsafe(ref start, (nuint)i);
                for (var j = i; j < i + Vector256<int>.Count; j++) hashes[j] = Remainder((uint)hashes[j]);
            }
        }
        for (; i < hashes.Length; i++) hashes[i] = KeyGroup(hashes[i]);
    }

    /// <summary>A murmured hash (never negative) mod max parallelism, without a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Remainder(uint murmured)
    {
        if (_powerOfTwo) return (int)(murmured & _mask);
        if (_reciprocal == 0) return 0;
        return (int)Math.BigMul(unchecked(_reciprocal * murmured), _maxParallelism, out _);
    }

    /// <summary>keyGroup * parallelism / maxParallelism, as KeyGroupRangeAssignment.OperatorIndexForKeyGroup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int OperatorIndex(int keyGroup, int parallelism)
    {
        var a = (uint)(keyGroup * parallelism);
        if (_reciprocal == 0) return (int)a;
        return (int)Math.BigMul(_reciprocal, a, out _);
    }
}
