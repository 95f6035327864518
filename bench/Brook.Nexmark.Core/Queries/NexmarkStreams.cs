using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Watermarks;

namespace Brook.Nexmark.Queries;

/// <summary>
/// The tables every query reads, as Nexmark's Flink DDL declares them: event time is dateTime with a watermark
/// 4 s behind the largest seen (WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND), and the bid, auction
/// and person views select one kind of event.
/// </summary>
public static class NexmarkStreams
{
    public static readonly TimeSpan WatermarkDelay = TimeSpan.FromSeconds(4);

    public static DataStream<Event> WithWatermarks(DataStream<Event> events) =>
        events.AssignTimestampsAndWatermarks(WatermarkStrategy<Event>.ForBoundedOutOfOrderness(WatermarkDelay)
            .WithTimestampAssigner((e, _) => e.DateTime));

    public static DataStream<Bid> Bids(DataStream<Event> events) => events.Filter(e => e.Type == EventType.Bid).Map(e => e.Bid!);

    public static DataStream<Auction> Auctions(DataStream<Event> events) => events.Filter(e => e.Type == EventType.Auction).Map(e => e.Auction!);

    public static DataStream<Person> Persons(DataStream<Event> events) => events.Filter(e => e.Type == EventType.Person).Map(e => e.Person!);
}
