namespace Brook.Streaming.Operators.Windowing;

/// <summary>
/// The window batch path's scan of a buffer: the run of records from a position that fall into one pane, with their keys
/// selected in the same pass. Apart from the window operator (whose code is shared over window types) and not inlined
/// into it, so the loop is compiled for the record and key types alone with registers of its own.
/// </summary>
internal static class PaneRuns
{
    /// <summary>Selects the keys of records[from..end) into <paramref name="keys"/>, where end is the first record after <paramref name="from"/> outside the pane.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static int SelectRun<TIn, TKey>(ReadOnlySpan<StreamRecord<TIn>> records, int from, long paneStart, ulong paneSize, Func<TIn, TKey> selector, Span<TKey> keys)
    {
        keys[from] = selector(records[from].Value);
        var to = from + 1;
        for (; to < records.Length; to++)
        {
            var timestamp = records[to].Timestamp;
            if (timestamp < paneStart || (ulong)(timestamp - paneStart) >= paneSize) break;
            keys[to] = selector(records[to].Value);
        }
        return to;
    }
}
