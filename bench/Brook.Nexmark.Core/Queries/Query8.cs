using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Windowing;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 8, new users: persons who registered and opened an auction in the same 10 s tumbling window. A window
/// co-group of persons and auctions on person id = seller: a person is emitted once per window when the window
/// holds at least one of their auctions (the SQL's GROUP BY makes both sides distinct).
/// </summary>
public static class Query8
{
    public const string Sql = """
        SELECT P.id, P.name, P.starttime
        FROM (
          SELECT id, name, window_start AS starttime, window_end AS endtime
          FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
          GROUP BY id, name, window_start, window_end
        ) P
        JOIN (
          SELECT seller, window_start AS starttime, window_end AS endtime
          FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
          GROUP BY seller, window_start, window_end
        ) A
        ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime;
        """;

    public const long SizeMs = 10_000;

    public static long WindowStart(long timestamp) => timestamp - (timestamp % SizeMs + SizeMs) % SizeMs;

    public static DataStream<NewUser> Build(DataStream<Event> events) =>
        NexmarkStreams.Persons(events)
            .CoGroup(NexmarkStreams.Auctions(events))
            .Where(p => p.Id).EqualTo(a => a.Seller)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(SizeMs)))
            .Apply<NewUser>((persons, auctions, output) =>
            {
                if (!auctions.Any()) return;
                foreach (var p in persons.DistinctBy(p => (p.Id, p.Name))) output.Collect(new NewUser(p.Id, p.Name, WindowStart(p.DateTime)));
            });
}

public sealed record NewUser(long Id, string Name, long StartTime);
