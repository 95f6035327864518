namespace Brook.Streaming.Sources;

/// <summary>A half-open range [Start, End) of element indices.</summary>
public sealed record IndexRangeSplit(string SplitId, long Start, long End) : ISourceSplit
{
    /// <summary>Splits [from, to) into <paramref name="count"/> contiguous ranges of near-equal size.</summary>
    public static IReadOnlyList<IndexRangeSplit> Divide(long from, long toExclusive, int count)
    {
        var total = toExclusive - from;
        var result = new List<IndexRangeSplit>(count);
        for (var i = 0; i < count; i++)
        {
            var start = from + (long)((Int128)total * i / count);
            var end = from + (long)((Int128)total * (i + 1) / count);
            if (end > start) result.Add(new IndexRangeSplit(i.ToString(System.Globalization.CultureInfo.InvariantCulture), start, end));
        }
        return result;
    }
}
