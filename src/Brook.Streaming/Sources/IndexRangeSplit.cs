namespace Brook.Streaming.Sources;

/// <summary>A half-open range [Start, End) of element indices.</summary>
public sealed record IndexRangeSplit(string SplitId, long Start, long End) : ISourceSplit
{
    /// <summary>Splits [from, to) into <paramref name="count"/> contiguous ranges of near-equal size.</summary>
    public static IReadOnlyList<IndexRangeSplit> Divide(long from, long toExclusive, int count)
    {
        // In 128 bits: a range wider than long.MaxValue (e.g. from long.MinValue) must not wrap around to nothing.
        var total = (Int128)toExclusive - from;
        var result = new List<IndexRangeSplit>(count);
        for (var i = 0; i < count; i++)
        {
            var start = (long)(from + total * i / count);
            var end = (long)(from + total * (i + 1) / count);
            if (end > start) result.Add(new IndexRangeSplit(i.ToString(System.Globalization.CultureInfo.InvariantCulture), start, end));
        }
        return result;
    }
}
