using Brook.Streaming;

// Counts words: a text file given as the first argument, or a built-in text. The running count of each
// word is printed; with parallelism above 1 each line carries its sink subtask ("2> (to, 3)").
// Configuration and CoreOptions come with `using Brook.Streaming;` (the package adds their namespace).
var configuration = new Configuration();
if (args.Length > 1 && int.TryParse(args[1], out var parallelism)) configuration.Set(CoreOptions.ParallelismDefault, parallelism);
var env = StreamExecutionEnvironment.GetExecutionEnvironment(configuration);

var text = args.Length > 0 ? env.ReadTextFile(args[0]) : env.FromElements(WordCountData.Lines);

text.FlatMap(line => line.ToLowerInvariant().Split(WordCountData.Separators, StringSplitOptions.RemoveEmptyEntries))
    .Name("Tokenizer")
    .KeyBy(word => word)
    .Sum(_ => 1L)
    .Print();

var result = await env.ExecuteAsync("WordCount");
// Submitted to a cluster (detached), the program returns at once and the job runs on.
if (!result.IsDetached) Console.WriteLine($"Job {result.JobId} finished in {result.NetRuntime.TotalMilliseconds:F0} ms.");

internal static class WordCountData
{
    public static readonly char[] Separators = [' ', '\t', ',', '.', ';', ':', '!', '?', '-', '\'', '"'];

    public static readonly string[] Lines =
    [
        "To be, or not to be,--that is the question:--",
        "Whether 'tis nobler in the mind to suffer",
        "The slings and arrows of outrageous fortune",
        "Or to take arms against a sea of troubles,",
        "And by opposing end them?--To die,--to sleep,--",
        "No more; and by a sleep to say we end",
        "The heartache, and the thousand natural shocks",
        "That flesh is heir to,--'tis a consummation",
        "Devoutly to be wish'd. To die,--to sleep;--",
        "To sleep! perchance to dream:--ay, there's the rub;",
    ];
}
