using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Brook.Core.Hashing;

/// <summary>
/// Hashes that are the same in every process and every run (unlike <see cref="string.GetHashCode()"/>),
/// so key groups, partitioning and persisted state agree across processes and restarts.
/// The primitive forms follow Java's hashCode, so keys hash as they would in Flink.
/// </summary>
public static class StableHash
{
    public static int Of(int value) => value;

    public static int Of(long value) => (int)(value ^ (long)((ulong)value >> 32));

    public static int Of(bool value) => value ? 1231 : 1237;

    public static int Of(double value)
    {
        var bits = value == 0.0 ? 0L : BitConverter.DoubleToInt64Bits(double.IsNaN(value) ? double.NaN : value);
        return Of(bits);
    }

    public static int Of(string value)
    {
        var h = 0;
        foreach (var c in value) h = unchecked(31 * h + c);
        return h;
    }

    public static int Of(ReadOnlySpan<byte> bytes) => unchecked((int)Murmur3(bytes, 0x9747b28c));

    public static int Of(Guid value)
    {
        Span<byte> b = stackalloc byte[16];
        value.TryWriteBytes(b);
        return Of(b);
    }

    /// <summary>Combines element hashes the way Java's Arrays.hashCode does (tuples, composite keys).</summary>
    public static int Combine(int h1, int h2) => unchecked(31 * h1 + h2);

    /// <summary>Flink's MathUtils.murmurHash: spreads a key's hash before it is reduced to a key group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Murmur(int code)
    {
        unchecked
        {
            var k = (uint)code;
            k *= 0xcc9e2d51;
            k = BitOperations.RotateLeft(k, 15);
            k *= 0x1b873593;
            var h = BitOperations.RotateLeft(k, 13);
            h = h * 5 + 0xe6546b64;
            h ^= 4;
            h = FMix(h);
            var result = (int)h;
            return result >= 0 ? result : result != int.MinValue ? -result : 0;
        }
    }

    /// <summary><see cref="Murmur(int)"/> of eight hashes at once (the same arithmetic lane by lane), for key groups of a batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Murmur(Vector256<int> codes)
    {
        unchecked
        {
            var k = codes.AsUInt32() * 0xcc9e2d51;
            k = (k << 15) | (k >>> 17);
            k *= 0x1b873593;
            var h = (k << 13) | (k >>> 19);
            h = h * 5 + Vector256.Create(0xe6546b64);
            h ^= Vector256.Create(4u);
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            h ^= h >>> 16;
            // |h|, with int.MinValue (whose absolute value wraps to itself) mapped to 0, as the scalar form.
            return Vector256.Abs(h.AsInt32()) & Vector256.Create(int.MaxValue);
        }
    }

    private static uint Murmur3(ReadOnlySpan<byte> data, uint seed)
    {
        unchecked
        {
            var h = seed;
            var blocks = data.Length / 4;
            for (var i = 0; i < blocks; i++)
            {
                var k = BitConverter.ToUInt32(data.Slice(i * 4, 4));
                k *= 0xcc9e2d51;
                k = BitOperations.RotateLeft(k, 15);
                k *= 0x1b873593;
                h ^= k;
                h = BitOperations.RotateLeft(h, 13);
                h = h * 5 + 0xe6546b64;
            }
            uint tail = 0;
            var rem = data.Length & 3;
            var t = data.Slice(blocks * 4);
            if (rem == 3) tail ^= (uint)t[2] << 16;
            if (rem >= 2) tail ^= (uint)t[1] << 8;
            if (rem >= 1)
            {
                tail ^= t[0];
                tail *= 0xcc9e2d51;
                tail = BitOperations.RotateLeft(tail, 15);
                tail *= 0x1b873593;
                h ^= tail;
            }
            h ^= (uint)data.Length;
            return FMix(h);
        }
    }

    private static uint FMix(uint h)
    {
        unchecked
        {
            h ^= h >> 16;
            h *= 0x85ebca6b;
            h ^= h >> 13;
            h *= 0xc2b2ae35;
            h ^= h >> 16;
            return h;
        }
    }
}
