using Brook.Streaming;
using Brook.Streaming.Accumulators;
using Brook.Streaming.Functions;

namespace Brook.TestJobs;

/// <summary>
/// A bounded word count: counts the words of built-in lines and writes "word,count" (running counts) to the file
/// given as the first argument; counts the lines it read in the accumulator "lines".
/// </summary>
public static class WordCountToFile
{
    public static readonly string[] Lines =
    [
        "to be or not to be",
        "that is the question",
        "whether tis nobler in the mind to suffer",
    ];

    public static async Task Main(string[] args)
    {
        var output = args.Length > 0 ? args[0] : throw new ArgumentException("Usage: WordCountToFile <output file>");
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        // One source subtask, its own vertex: the tests count the 3 lines it writes.
        env.FromElements(Lines).SetParallelism(1)
            .Map(new LineCounter()).Name("Count lines")
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Name("Tokenizer")
            .KeyBy(word => word)
            .Sum(_ => 1L)
            .Map(c => $"{c.Key},{c.Value}")
            .WriteAsText(output).SetParallelism(1);
        await env.ExecuteAsync("WordCountToFile");
    }

    private sealed class LineCounter : RichMapFunction<string, string>
    {
        private LongCounter _lines = null!;

        public override void Open() => _lines = RuntimeContext.GetLongCounter("lines");

        public override string Map(string value)
        {
            _lines.Add(1);
            return value;
        }
    }
}
