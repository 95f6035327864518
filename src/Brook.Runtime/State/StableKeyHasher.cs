using Brook.Core.Hashing;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>
/// A hash of a key that is the same in every process and run, for key groups. Primitives, strings and Guids
/// hash type-specifically (as in Flink for Java's primitives); any other key hashes its serialized bytes, so
/// keys that serialize equally land in the same key group.
/// </summary>
public static class StableKeyHasher
{
    public static int Hash(object key) => key switch
    {
        int i => StableHash.Of(i),
        long l => StableHash.Of(l),
        string s => StableHash.Of(s),
        Guid g => StableHash.Of(g),
        bool b => StableHash.Of(b),
        double d => StableHash.Of(d),
        float f => StableHash.Of((double)f),
        short sh => StableHash.Of(sh),
        byte by => StableHash.Of(by),
        char c => StableHash.Of(c),
        uint ui => StableHash.Of((long)ui),
        ulong ul => StableHash.Of(unchecked((long)ul)),
        DateTime dt => StableHash.Of(dt.ToBinary()),
        Enum e => StableHash.Of(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)),
        _ => StableHash.Of(MessagePackSerializer.Serialize(key.GetType(), key, StateSerialization.Options)),
    };

    public static int KeyGroupOf(object key, int maxParallelism) =>
        KeyGroupRangeAssignment.AssignToKeyGroup(Hash(key), maxParallelism);
}
