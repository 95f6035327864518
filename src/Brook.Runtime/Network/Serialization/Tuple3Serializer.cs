namespace Brook.Runtime.Network.Serialization;

/// <summary>A value tuple of three fast-path fields, field after field.</summary>
internal sealed class Tuple3Serializer<T1, T2, T3>(TypeSerializer<T1> first, TypeSerializer<T2> second, TypeSerializer<T3> third)
    : TypeSerializer<(T1, T2, T3)>
{
    public override int MaxLength((T1, T2, T3) value) =>
        first.MaxLength(value.Item1) + second.MaxLength(value.Item2) + third.MaxLength(value.Item3);

    public override int Serialize((T1, T2, T3) value, Span<byte> target)
    {
        var n = first.Serialize(value.Item1, target);
        n += second.Serialize(value.Item2, target[n..]);
        return n + third.Serialize(value.Item3, target[n..]);
    }

    public override (T1, T2, T3) Deserialize(ReadOnlySpan<byte> source, out int consumed)
    {
        var a = first.Deserialize(source, out var n1);
        var b = second.Deserialize(source[n1..], out var n2);
        var c = third.Deserialize(source[(n1 + n2)..], out var n3);
        consumed = n1 + n2 + n3;
        return (a, b, c);
    }
}
