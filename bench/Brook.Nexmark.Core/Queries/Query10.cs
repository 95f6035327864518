using System.Globalization;
using System.Text;
using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Sinks.Files;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 10, log to file system: every bid as a CSV row into Brook's <see cref="FileSink"/> (exactly once: part files
/// are committed when a checkpoint completes, the last ones at the final checkpoint), partitioned as Flink's
/// filesystem connector partitions by (dt, hm): the bucket <c>dt=yyyy-MM-dd/hm=HH:mm</c> of the bid's dateTime,
/// with the partition columns in the path, not in the rows. Part files roll every minute, as the SQL's rolling
/// policy. Left out: the partition-commit policy (a _SUCCESS file per partition once the watermark passes it),
/// which Brook's FileSink does not have.
/// </summary>
public static class Query10
{
    public const string Sql = """
        CREATE TABLE fs_sink (
          auction  BIGINT,
          bidder  BIGINT,
          price  BIGINT,
          dateTime  TIMESTAMP(3),
          extra  VARCHAR,
          dt STRING,
          hm STRING
        ) PARTITIONED BY (dt, hm) WITH (
          'connector' = 'filesystem',
          'path' = 'file://${NEXMARK_DIR}/data/output/${SUBMIT_TIME}/bid/',
          'format' = 'csv',
          'sink.partition-commit.trigger' = 'partition-time',
          'sink.partition-commit.delay' = '1 min',
          'sink.partition-commit.policy.kind' = 'success-file',
          'partition.time-extractor.timestamp-pattern' = '$dt $hm:00',
          'sink.rolling-policy.rollover-interval' = '1min',
          'sink.rolling-policy.check-interval' = '1min'
        );

        INSERT INTO fs_sink
        SELECT auction, bidder, price, dateTime, extra, DATE_FORMAT(dateTime, 'yyyy-MM-dd'), DATE_FORMAT(dateTime, 'HH:mm')
        FROM bid;
        """;

    public static DataStream<BidLogRow> Build(DataStream<Event> events) =>
        NexmarkStreams.Bids(events).Map(b => new BidLogRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra));

    /// <summary>The file sink of the query, writing under <paramref name="basePath"/>.</summary>
    public static FileSink<BidLogRow> Sink(string basePath) =>
        FileSink.ForRowFormat(basePath, new CsvEncoder())
            .WithBucketAssigner(new PartitionAssigner())
            .WithRollingPolicy(new DefaultRollingPolicy<BidLogRow>(rolloverInterval: TimeSpan.FromMinutes(1)))
            .WithBucketCheckInterval(TimeSpan.FromMinutes(1))
            .Build();

    /// <summary>The partition directory of a bid's dateTime.</summary>
    public static string Partition(long dateTime)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(dateTime).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"dt={time:yyyy-MM-dd}/hm={time:HH:mm}");
    }

    /// <summary>A row as Flink's CSV format writes it (TIMESTAMP(3) as 'yyyy-MM-dd HH:mm:ss.SSS').</summary>
    public static string Csv(BidLogRow row) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{row.Auction},{row.Bidder},{row.Price},{DateTimeOffset.FromUnixTimeMilliseconds(row.DateTime).UtcDateTime:yyyy-MM-dd HH:mm:ss.fff},{row.Extra}");

    private sealed class PartitionAssigner : IBucketAssigner<BidLogRow>
    {
        public string GetBucketId(BidLogRow element, IBucketAssignerContext context) => Partition(element.DateTime);
    }

    private sealed class CsvEncoder : IEncoder<BidLogRow>
    {
        public void Encode(BidLogRow element, Stream stream)
        {
            stream.Write(Encoding.UTF8.GetBytes(Csv(element)));
            stream.WriteByte((byte)'\n');
        }
    }
}

public sealed record BidLogRow(long Auction, long Bidder, long Price, long DateTime, string Extra);
