using System.Runtime.CompilerServices;
using Brook.Core.Hashing;
using MessagePack;
using MessagePack.Resolvers;

namespace Brook.Streaming.Graph;

/// <summary>
/// The stable hash of a key, the same in every process and run (never GetHashCode of a string):
/// type-specific for primitives, strings, Guid and tuples; otherwise the Murmur3 hash of the key's
/// MessagePack bytes, so any serializable key type works and hashes identically everywhere.
/// </summary>
public static class KeyHasher<TKey>
{
    private static readonly MessagePackSerializerOptions Options = ContractlessStandardResolver.Options;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hash(TKey key)
    {
        if (typeof(TKey) == typeof(int)) return StableHash.Of(Unsafe.As<TKey, int>(ref key));
        if (typeof(TKey) == typeof(long)) return StableHash.Of(Unsafe.As<TKey, long>(ref key));
        if (typeof(TKey) == typeof(bool)) return StableHash.Of(Unsafe.As<TKey, bool>(ref key));
        if (typeof(TKey) == typeof(double)) return StableHash.Of(Unsafe.As<TKey, double>(ref key));
        if (typeof(TKey) == typeof(Guid)) return StableHash.Of(Unsafe.As<TKey, Guid>(ref key));
        return KeyHashing.HashObject(key, Options);
    }
}

internal static class KeyHashing
{
    public static int HashObject<TKey>(TKey key, MessagePackSerializerOptions options)
    {
        switch (key)
        {
            case null:
                return 0;
            case string s:
                return StableHash.Of(s);
            case int i:
                return StableHash.Of(i);
            case long l:
                return StableHash.Of(l);
            case short sh:
                return StableHash.Of(sh);
            case byte b:
                return StableHash.Of(b);
            case char c:
                return StableHash.Of(c);
            case bool bo:
                return StableHash.Of(bo);
            case double d:
                return StableHash.Of(d);
            case float f:
                return StableHash.Of(f);
            case Guid g:
                return StableHash.Of(g);
            case ITuple t:
                var h = 1;
                for (var k = 0; k < t.Length; k++) h = StableHash.Combine(h, HashObject(t[k], options));
                return h;
            default:
                return StableHash.Of(MessagePackSerializer.Serialize(key.GetType(), key, options));
        }
    }
}
