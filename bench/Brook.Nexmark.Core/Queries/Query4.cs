using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 4, average price per category: the winning price of every closed auction (<see cref="WinningBids"/>), then
/// a running average per category, emitted on every change (the SQL's updating result; its last value per category
/// is the query's answer). AVG over BIGINT is BIGINT in Flink SQL, so the average is truncated as there.
/// </summary>
public static class Query4
{
    public const string Sql = """
        SELECT Q.category, AVG(Q.final)
        FROM (
            SELECT MAX(B.price) AS final, A.category
            FROM auction A, bid B
            WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
            GROUP BY A.id, A.category
        ) Q
        GROUP BY Q.category;
        """;

    public static DataStream<CategoryAverage> Build(DataStream<Event> events) =>
        WinningBids.Build(events)
            .Map(w => (w.Auction.Category, w.Bid.Price))
            .KeyBy(c => c.Category)
            .Process(new RunningAverage());

    private sealed class RunningAverage : KeyedProcessFunction<long, (long Category, long Price), CategoryAverage>
    {
        private IValueState<(long Sum, long Count)> _sum = null!;

        public override void Open() => _sum = RuntimeContext.GetState(new ValueStateDescriptor<(long, long)>("sum-count"));

        public override void ProcessElement((long Category, long Price) value, Context context, ICollector<CategoryAverage> output)
        {
            var (sum, count) = _sum.Value();
            sum += value.Price;
            count++;
            _sum.Update((sum, count));
            output.Collect(new CategoryAverage(value.Category, sum / count));
        }
    }
}

public sealed record CategoryAverage(long Category, long Average);
