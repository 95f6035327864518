using Brook.Streaming;
using Brook.Streaming.Sinks.Files;

namespace Brook.TestJobs;

/// <summary>
/// A word count over <see cref="Corpus"/> at the environment's parallelism: every exchange crosses subtasks (rebalanced
/// lines, words keyed by word), and the running counts ("word,count") are written by a FileSink into the directory given
/// as the first argument. A word seen n times yields the lines "word,1" .. "word,n" whatever the order, so the output is
/// checked against <see cref="ExpectedLines"/> as a multiset.
/// </summary>
public static class DistributedWordCount
{
    private static readonly string[] Words = ["brook", "flink", "stream", "task", "slot", "barrier", "window", "state", "key", "shuffle", "credit", "buffer"];

    /// <summary>Deterministic lines: line i holds 1 + i % 7 words picked by a linear congruence.</summary>
    public static IReadOnlyList<string> Corpus(int lines = 3000) =>
        Enumerable.Range(0, lines).Select(i => string.Join(' ', Enumerable.Range(0, 1 + i % 7).Select(j => Words[(i * 31 + j * 17 + i * j) % Words.Length]))).ToList();

    public static IReadOnlyList<string> ExpectedLines(IReadOnlyList<string> corpus) =>
        corpus.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).GroupBy(w => w)
            .SelectMany(g => Enumerable.Range(1, g.Count()).Select(c => $"{g.Key},{c}")).ToList();

    public static async Task Main(string[] args)
    {
        var output = args.Length > 0 ? args[0] : throw new ArgumentException("Usage: DistributedWordCount <output directory>");
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.FromCollection(Corpus()).Name("Lines")
            .Rebalance()
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Name("Tokenizer")
            .KeyBy(word => word)
            .Sum(_ => 1L).Name("Count")
            .Map(c => $"{c.Key},{c.Value}").Name("Format")
            .SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>()).WithBucketAssigner(new BasePathBucketAssigner<string>()).Build(), "Counts");
        await env.ExecuteAsync("DistributedWordCount");
    }
}

/// <summary>
/// The checkpoint oracle's job for TaskManager processes: numbers 0..count-1 (second argument) at a bounded rate (third
/// argument, records per second) from a parallel generator, counted per key (number % 8) in keyed state, every running
/// count written as "key,count" by an exactly-once FileSink into the directory of the first argument. Checkpoints every
/// 100 ms; up to 20 restarts. With exactly-once, the committed lines are "k,1" .. "k,n_k" for every key k, each once,
/// however often the job failed over.
/// </summary>
public static class ExactlyOnceCounts
{
    public const int Keys = 8;

    public static IReadOnlyList<string> ExpectedLines(long count) =>
        Enumerable.Range(0, Keys).SelectMany(k => Enumerable.Range(1, (int)((count - k + Keys - 1) / Keys)).Select(c => $"{k},{c}")).ToList();

    public static async Task Main(string[] args)
    {
        var output = args[0];
        var count = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var rate = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(100));
        env.Configuration
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "20")
            .SetRaw("restart-strategy.fixed-delay.delay", "200 ms");
        env.FromGenerator(i => i, count, rate).Name("Numbers")
            .KeyBy(i => i % Keys)
            .Sum(_ => 1L).Name("Count per key")
            .Map(c => $"{c.Key},{c.Value}").Name("Format")
            .SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>())
                .WithBucketAssigner(new BasePathBucketAssigner<string>())
                .WithRollingPolicy(new DefaultRollingPolicy<string>(maxPartSize: 4096))
                .Build(), "Committed counts");
        await env.ExecuteAsync("ExactlyOnceCounts");
    }
}

/// <summary>
/// A program that builds another graph when it runs in a TaskManager process (its command line names the role): its map is
/// "Double" on the JobManager and "Triple" (another uid) on a TaskManager, as a program that reads the machine's environment
/// to decide its pipeline would. Its deployment to a TaskManager process must fail naming the operator.
/// </summary>
public static class DiffersOnTaskManager
{
    public static async Task Main()
    {
        var onTaskManager = Environment.GetCommandLineArgs().Contains("taskmanager");
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        var numbers = env.FromSequence(1, 100).Name("Numbers");
        var mapped = onTaskManager ? numbers.Map(v => v * 3).Uid("triple").Name("Triple") : numbers.Map(v => v * 2).Uid("double").Name("Double");
        mapped.SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        await env.ExecuteAsync("DiffersOnTaskManager");
    }
}

/// <summary>
/// A keyed event-time window job for TaskManager processes: the numbers 0..count-1 (second argument) with out-of-order
/// timestamps from one source subtask, rebalanced over the parallel timestamp assigners, keyed by number % 7 and counted in tumbling 1 s
/// event-time windows; every window's "key,start,count" is written by a FileSink into the directory of the first
/// argument. Watermarks cross the exchanges, so a window fires only when every input's watermark passed its end.
/// </summary>
public static class DistributedWindowCounts
{
    public const int Keys = 7;

    /// <summary>About 3 ms apart, up to 250 ms out of order (the watermark allows 300 ms).</summary>
    public static long Timestamp(long i) => 1_000_000 + i * 3 + (i * 13 % 250);

    public static IReadOnlyList<string> ExpectedLines(long count) =>
        Enumerable.Range(0, (int)count).Select(i => (long)i).GroupBy(i => (Key: i % Keys, Start: Timestamp(i) - Timestamp(i) % 1000))
            .Select(g => $"{g.Key.Key},{g.Key.Start},{g.Count()}").ToList();

    public static async Task Main(string[] args)
    {
        var output = args[0];
        var count = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        // One source subtask, so each timestamp assigner sees its share in order (within the bound).
        env.FromSequence(0, count - 1).Name("Numbers").SetParallelism(1)
            .Rebalance()
            .AssignTimestampsAndWatermarks(Streaming.Watermarks.WatermarkStrategy<long>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(300))
                .WithTimestampAssigner((i, _) => Timestamp(i))).Name("Timestamps")
            .KeyBy(i => i % Keys)
            .Window(Streaming.Windowing.TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Count().Name("Count per window")
            .Map(c => $"{c.Key},{c.Window.Start},{c.Count}").Name("Format")
            .SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>()).WithBucketAssigner(new BasePathBucketAssigner<string>()).Build(), "Window counts");
        await env.ExecuteAsync("DistributedWindowCounts");
    }
}
