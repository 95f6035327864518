namespace Brook.Streaming;

/// <summary>An element of either of two co-grouped streams, tagged with its side.</summary>
public readonly record struct TaggedUnion<T1, T2>(bool IsFirst, T1 First, T2 Second)
{
    public static TaggedUnion<T1, T2> OfFirst(T1 value) => new(true, value, default!);

    public static TaggedUnion<T1, T2> OfSecond(T2 value) => new(false, default!, value);
}
