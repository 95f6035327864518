namespace Brook.Runtime.Network.Serialization;

/// <summary>A value tuple of two fast-path fields, field after field.</summary>
internal sealed class Tuple2Serializer<T1, T2>(TypeSerializer<T1> first, TypeSerializer<T2> second) : TypeSerializer<(T1, T2)>
{
    public override int MaxLength((T1, T2) value) => first.MaxLength(value.Item1) + second.MaxLength(value.Item2);

    public override int Serialize((T1, T2) value, Span<byte> target)
    {
        var n = first.Serialize(value.Item1, target);
        return n + second.Serialize(value.Item2, target[n..]);
    }

    public override (T1, T2) Deserialize(ReadOnlySpan<byte> source, out int consumed)
    {
        var a = first.Deserialize(source, out var n1);
        var b = second.Deserialize(source[n1..], out var n2);
        consumed = n1 + n2;
        return (a, b);
    }
}
