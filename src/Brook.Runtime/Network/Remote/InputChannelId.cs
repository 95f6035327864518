namespace Brook.Runtime.Network.Remote;

/// <summary>Names a remote input channel on its connection (Flink's InputChannelID): the receiver id of every buffer and credit.</summary>
internal readonly record struct InputChannelId(Guid Value)
{
    public const int EncodedLength = 16;

    public static InputChannelId Generate() => new(Guid.NewGuid());

    public void Write(Span<byte> target) => Value.TryWriteBytes(target);

    public static InputChannelId Read(ReadOnlySpan<byte> source) => new(new Guid(source[..16]));

    public override string ToString() => Value.ToString("N");
}
