namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The frames one socket write sends: small headers and control frames written into a reused arena, network buffers
/// referenced in place, all gathered into one send so a batch costs one system call and no copy.
/// </summary>
internal sealed class OutboundBatch
{
    public const int MaxBytes = 256 * 1024;
    private const int ArenaSize = 16 * 1024;

    private readonly byte[] _arena = new byte[ArenaSize];
    private int _arenaPosition;

    public List<ArraySegment<byte>> Segments { get; } = new(64);

    public int Bytes { get; private set; }

    /// <summary>True while another frame with a header of up to <paramref name="headerLength"/> bytes fits.</summary>
    public bool HasRoom(int headerLength) => Bytes < MaxBytes && _arenaPosition + headerLength <= _arena.Length && Segments.Count < 1000;

    public Span<byte> ReserveHeader(int length)
    {
        var s = new ArraySegment<byte>(_arena, _arenaPosition, length);
        _arenaPosition += length;
        Segments.Add(s);
        Bytes += length;
        return s.AsSpan();
    }

    public void Add(byte[] bytes, int length)
    {
        if (length == 0) return;
        Segments.Add(new ArraySegment<byte>(bytes, 0, length));
        Bytes += length;
    }

    public void Clear()
    {
        Segments.Clear();
        _arenaPosition = 0;
        Bytes = 0;
    }
}
