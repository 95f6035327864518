using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Brook.Runtime.Network;

/// <summary>
/// One channel's share of a keyBy run: the values whose key group lies in the channel's key-group range (each channel
/// owns a contiguous range, as KeyGroupRangeAssignment assigns them), copied in their order with their key groups into
/// the channel's buffer. No branch per value: with AVX-512 eight values (8 or 16 bytes each: longs, doubles, records of
/// them with timestamps) at a time are compressed to the channel's (VPCOMPRESSQ in registers), otherwise each value is
/// written and kept only if it belongs to the channel.
/// </summary>
internal static class KeyGroupRangeCopy
{
    /// <summary>Whether <see cref="Copy{T}"/> can compress values of type <typeparamref name="T"/>: 8- or 16-byte values without references, on AVX-512 hardware.</summary>
    public static bool CanCompress<T>() =>
        Avx512F.VL.IsSupported && !RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() is sizeof(long) or 2 * sizeof(long);

    /// <summary>
    /// From <paramref name="from"/> on, copies the values whose key group is in [<paramref name="first"/>, first + width) to
    /// <paramref name="target"/> and their key groups to <paramref name="groups"/> at <paramref name="count"/>, until the run
    /// ends or the target is full; returns where in the run it stopped and advances count. Slots past count may be written.
    /// </summary>
    public static int Copy<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> keyGroups, int from, int first, int width, T[] target, int[] groups,
        ref int count, bool compress)
    {
        var i = from;
        var n = count;
        var capacity = Math.Min(target.Length, groups.Length);
        keyGroups = keyGroups[..values.Length];
        if (compress && CanCompress<T>())
        {
            i = Unsafe.SizeOf<T>() == sizeof(long)
                ? Compress(values, keyGroups, i, first, width, target, groups, ref n, capacity)
                : CompressPairs(values, keyGroups, i, first, width, target, groups, ref n, capacity);
        }
        for (; i < values.Length && n < capacity; i++)
        {
            var keyGroup = keyGroups[i];
            target[n] = values[i];
            groups[n] = keyGroup;
            n += (uint)(keyGroup - first) < (uint)width ? 1 : 0;
        }
        count = n;
        return i;
    }

    /// <summary>All of the run from <paramref name="from"/> on that fits, for a channel that owns every key group.</summary>
    public static int CopyAll<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> keyGroups, int from, T[] target, int[] groups, ref int count)
    {
        var n = Math.Min(values.Length - from, Math.Min(target.Length, groups.Length) - count);
        values.Slice(from, n).CopyTo(target.AsSpan(count));
        keyGroups.Slice(from, n).CopyTo(groups.AsSpan(count));
        count += n;
        return from + n;
    }

    private static int Compress<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> keyGroups, int i, int first, int width, T[] target, int[] groups,
        ref int count, int capacity)
    {
        ref var source = ref Unsafe.As<T, long>(ref MemoryMarshal.GetReference(values));
        ref var sourceGroups = ref MemoryMarshal.GetReference(keyGroups);
        ref var destination = ref Unsafe.As<T, long>(ref MemoryMarshal.GetArrayDataReference(target));
        ref var destinationGroups = ref MemoryMarshal.GetArrayDataReference(groups);
        var firstGroup = Vector256.Create(first);
        var groupCount = Vector256.Create((uint)width);
        var n = count;
        // Eight lanes are stored whole, so only while eight more fit; the rest goes the scalar way.
        for (; i <= values.Length - Vector256<int>.Count && n <= capacity - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            var group = Vector256.LoadUnsafe(ref sourceGroups, (nuint)i);
            var owned = Vector256.LessThan((group - firstGroup).AsUInt32(), groupCount).AsInt32();
            var value = Vector512.LoadUnsafe(ref source, (nuint)i);
            Avx512F.Compress(Vector512<long>.Zero, Avx512F.ConvertToVector512Int64(owned), value).StoreUnsafe(ref destination, (nuint)n);
            Avx512F.VL.Compress(Vector256<int>.Zero, owned, group).StoreUnsafe(ref destinationGroups, (nuint)n);
            n += BitOperations.PopCount(owned.ExtractMostSignificantBits());
        }
        count = n;
        return i;
    }

    /// <summary>
    /// <see cref="Compress{T}"/> for 16-byte values (a record of a long and its timestamp): four to a vector, each lane of
    /// the eight key groups' mask doubled to the value's two longs.
    /// </summary>
    private static int CompressPairs<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> keyGroups, int i, int first, int width, T[] target, int[] groups,
        ref int count, int capacity)
    {
        ref var source = ref Unsafe.As<T, long>(ref MemoryMarshal.GetReference(values));
        ref var sourceGroups = ref MemoryMarshal.GetReference(keyGroups);
        ref var destination = ref Unsafe.As<T, long>(ref MemoryMarshal.GetArrayDataReference(target));
        ref var destinationGroups = ref MemoryMarshal.GetArrayDataReference(groups);
        var firstGroup = Vector256.Create(first);
        var groupCount = Vector256.Create((uint)width);
        var lowPairs = Vector512.Create(0L, 0, 1, 1, 2, 2, 3, 3);
        var highPairs = Vector512.Create(4L, 4, 5, 5, 6, 6, 7, 7);
        var n = count;
        for (; i <= values.Length - Vector256<int>.Count && n <= capacity - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            var group = Vector256.LoadUnsafe(ref sourceGroups, (nuint)i);
            var owned = Vector256.LessThan((group - firstGroup).AsUInt32(), groupCount).AsInt32();
            var wide = Avx512F.ConvertToVector512Int64(owned);
            var bits = owned.ExtractMostSignificantBits();
            var low = BitOperations.PopCount(bits & 0xF);
            Avx512F.Compress(Vector512<long>.Zero, Vector512.Shuffle(wide, lowPairs), Vector512.LoadUnsafe(ref source, (nuint)(2 * i)))
                .StoreUnsafe(ref destination, (nuint)(2 * n));
            Avx512F.Compress(Vector512<long>.Zero, Vector512.Shuffle(wide, highPairs), Vector512.LoadUnsafe(ref source, (nuint)(2 * i + 8)))
                .StoreUnsafe(ref destination, (nuint)(2 * (n + low)));
            Avx512F.VL.Compress(Vector256<int>.Zero, owned, group).StoreUnsafe(ref destinationGroups, (nuint)n);
            n += BitOperations.PopCount(bits);
        }
        count = n;
        return i;
    }
}
