using Brook.Streaming;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

// Event-time windowed word count over out-of-order input. Each line carries the time it was written;
// lines arrive up to 3 seconds out of order. Words are counted per 5-second window of event time, so
// every window's counts are the same however late (within the bound) its lines arrive and at any
// parallelism. Optional arguments: parallelism, number of lines.
var env = StreamExecutionEnvironment.GetExecutionEnvironment();
if (args.Length > 0 && int.TryParse(args[0], out var parallelism)) env.SetParallelism(parallelism);
var lineCount = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 200;

var lines = OutOfOrderText.Generate(lineCount, seed: 7);

env.FromCollection(lines)
    .AssignTimestampsAndWatermarks(WatermarkStrategy<TimedLine>.ForBoundedOutOfOrderness(TimeSpan.FromSeconds(3))
        .WithTimestampAssigner((line, _) => line.Timestamp))
    .FlatMap(line => line.Text.ToLowerInvariant()
        .Split(OutOfOrderText.Separators, StringSplitOptions.RemoveEmptyEntries)
        .Select(word => (Word: word, Count: 1L)))
    .Name("Tokenizer")
    .KeyBy(w => w.Word)
    .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(5)))
    .Reduce((a, b) => (a.Word, a.Count + b.Count))
    .Name("Windowed count")
    .Print();

// Under `dotnet run` this waits for the job's end; submitted to a cluster it returns once the job is submitted.
var result = await env.ExecuteAsync("EventTimeWordCount");
Console.WriteLine(result.IsDetached ? $"Submitted job {result.JobId}." : $"Job {result.JobId} finished in {result.NetRuntime.TotalMilliseconds:F0} ms.");

internal readonly record struct TimedLine(string Text, long Timestamp);

internal static class OutOfOrderText
{
    public static readonly char[] Separators = [' ', ',', '.', ';', ':', '!', '?', '-', '\''];

    private static readonly string[] Verses =
    [
        "To be, or not to be, that is the question",
        "Whether tis nobler in the mind to suffer",
        "The slings and arrows of outrageous fortune",
        "Or to take arms against a sea of troubles",
        "And by opposing end them. To die, to sleep",
        "No more; and by a sleep to say we end",
    ];

    /// <summary>One line every 500 ms of event time, delivered with up to 3 s of disorder.</summary>
    public static TimedLine[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return Enumerable.Range(0, count)
            .Select(i => (Line: new TimedLine(Verses[i % Verses.Length], start + i * 500L), Arrival: i * 500L + random.Next(3_000)))
            .OrderBy(x => x.Arrival)
            .Select(x => x.Line)
            .ToArray();
    }
}
