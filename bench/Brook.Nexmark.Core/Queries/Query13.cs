using System.Collections.Frozen;
using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 13, bounded side-input join: every bid enriched with the side input's value for <c>auction mod 10 000</c>.
/// The SQL is a lookup join (<c>FOR SYSTEM_TIME AS OF</c> processing time) against a bounded file table, which Flink
/// runs by loading the whole table into each subtask's cache when the join opens; here the bounded table is
/// <see cref="SideInput"/> (10 000 rows, key → its decimal string, as Beam's Query13 side input) and each subtask's
/// join loads it into a frozen dictionary in Open. Bids without a row (none: every residue has one) are dropped, as
/// the inner join drops them.
/// </summary>
public static class Query13
{
    public const string Sql = """
        CREATE TABLE side_input (
          key BIGINT,
          `value` VARCHAR
        ) WITH (
          'connector.type' = 'filesystem',
          'connector.path' = 'file://${FLINK_HOME}/data/side_input.txt',
          'format.type' = 'csv'
        );

        SELECT
            B.auction,
            B.bidder,
            B.price,
            B.dateTime,
            S.`value`
        FROM (SELECT *, PROCTIME() as p_time FROM bid) B
        JOIN side_input FOR SYSTEM_TIME AS OF B.p_time AS S
        ON mod(B.auction, 10000) = S.key;
        """;

    public const int SideInputRows = 10_000;

    /// <summary>The bounded side table: keys 0..9999, each with its decimal string.</summary>
    public static IReadOnlyList<(long Key, string Value)> SideInput { get; } =
        Enumerable.Range(0, SideInputRows).Select(i => ((long)i, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    public static DataStream<EnrichedBid> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).FlatMap(new LookupJoin(SideInput));

    private sealed class LookupJoin(IReadOnlyList<(long Key, string Value)> table) : RichFlatMapFunction<Bid, EnrichedBid>
    {
        private FrozenDictionary<long, string> _rows = FrozenDictionary<long, string>.Empty;

        public override void Open() => _rows = table.ToFrozenDictionary(r => r.Key, r => r.Value);

        public override void FlatMap(Bid value, ICollector<EnrichedBid> output)
        {
            if (_rows.TryGetValue(value.Auction % SideInputRows, out var side))
                output.Collect(new EnrichedBid(value.Auction, value.Bidder, value.Price, value.DateTime, side));
        }
    }
}

public sealed record EnrichedBid(long Auction, long Bidder, long Price, long DateTime, string Value);
