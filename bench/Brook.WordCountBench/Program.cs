using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Sinks;

// WordCount over a deterministic stream of words, in one process and one run, three ways:
//   1. the job `FromGenerator(word).KeyBy(w => w).Sum(_ => 1)` in BATCH execution (final count per word, once);
//   2. the same job in STREAMING execution (a running count per input word; the sink keeps each word's latest);
//   3. a hand-written loop over the same words into a Dictionary<string, long> (the baseline).
// Every way's counts are checked equal to the hand loop's. Words: a 50 000-word vocabulary drawn with a Zipf-like
// distribution (exponent 1) by a SplitMix64 hash of the word's index, so every run and every way sees the same words.
// Usage: dotnet run -c Release --project bench/Brook.WordCountBench [words] [parallelism] [runs]
var n = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 16_000_000L;
var parallelism = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"Brook WordCount: {n:N0} words, vocabulary {Words.VocabularySize:N0}, parallelism {parallelism}, best of {runs}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();

Dictionary<string, long> HandLoop()
{
    var counts = new Dictionary<string, long>();
    for (long i = 0; i < n; i++)
    {
        ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, Words.At(i), out _);
        c++;
    }
    return counts;
}

async Task<Dictionary<string, long>> Job(RuntimeExecutionMode mode)
{
    var latest = new ConcurrentDictionary<string, long>();
    var settings = new Configuration();
    var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(settings), settings).SetParallelism(parallelism).SetRuntimeMode(mode);
    // A word's counts all come from one subtask, in order, so the latest one written is its final count.
    env.FromGenerator(Words.At, n)
        .KeyBy(w => w)
        .Sum(_ => 1L)
        .SinkTo(new ActionSink<(string Key, long Value)>(r => latest[r.Key] = r.Value));
    await env.ExecuteAsync($"WordCount {mode}");
    return new Dictionary<string, long>(latest);
}

// Rounds interleave the three ways, so load from other work on the machine spreads over all of them; each way's best round counts.
var best = new Dictionary<string, (double Seconds, Dictionary<string, long> Counts)>();
async Task Round(int round)
{
    foreach (var (name, run) in new (string, Func<Task<Dictionary<string, long>>>)[]
             {
                 ("hand", () => Task.FromResult(HandLoop())),
                 ("BATCH", () => Job(RuntimeExecutionMode.BATCH)),
                 ("STREAMING", () => Job(RuntimeExecutionMode.STREAMING)),
             })
    {
        var sw = Stopwatch.StartNew();
        var counts = await run();
        var seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"  round {round}: {name,-9} {seconds,7:F2} s");
        if (!best.TryGetValue(name, out var b) || seconds < b.Seconds) best[name] = (seconds, counts);
    }
}

static void Check(string name, Dictionary<string, long> counts, Dictionary<string, long> expected)
{
    if (counts.Count != expected.Count || counts.Any(kv => !expected.TryGetValue(kv.Key, out var e) || e != kv.Value))
        throw new InvalidOperationException($"{name}: the counts differ from the hand loop's ({counts.Count} words vs {expected.Count}).");
}

// Warm up the JIT and the thread pool on a small run of each.
var full = n;
n = Math.Min(n, 200_000);
await Job(RuntimeExecutionMode.BATCH);
await Job(RuntimeExecutionMode.STREAMING);
HandLoop();
n = full;

for (var round = 1; round <= runs; round++) await Round(round);
var (hand, batch, streaming) = (best["hand"], best["BATCH"], best["STREAMING"]);
Console.WriteLine();
Check("BATCH", batch.Counts, hand.Counts);
Check("STREAMING", streaming.Counts, hand.Counts);
Console.WriteLine($"{hand.Counts.Count:N0} distinct words; the most frequent appears {hand.Counts.Values.Max():N0} times. Counts equal in all three.");
Console.WriteLine();
void Report(string name, double seconds) =>
    Console.WriteLine($"{name,-44} {seconds,8:F2} s   {n / seconds,14:N0} words/s   time vs hand loop {seconds / hand.Seconds,7:F2}x");
Report("Hand loop, Dictionary<string,long>, 1 thread", hand.Seconds);
Report($"BATCH job, p={parallelism}", batch.Seconds);
Report($"STREAMING job, p={parallelism}", streaming.Seconds);
Console.WriteLine($"{"STREAMING time / BATCH time",-44} {streaming.Seconds / batch.Seconds,8:F2}x");

/// <summary>The benchmark's words: index i maps to a vocabulary word by a Zipf-like table and a SplitMix64 hash of i.</summary>
internal static class Words
{
    public const int VocabularySize = 50_000;
    private const int TableBits = 20;
    private static readonly string[] Vocabulary = Enumerable.Range(0, VocabularySize).Select(r => "word" + r.ToString(CultureInfo.InvariantCulture)).ToArray();

    // 2^20 slots filled in proportion to 1/rank: a uniformly random slot picks rank r with probability ~ 1/(r * H).
    private static readonly string[] Table = BuildTable();

    public static string At(long i) => Table[(int)(SplitMix64((ulong)i) >> (64 - TableBits))];

    private static string[] BuildTable()
    {
        var harmonic = 0.0;
        for (var r = 1; r <= VocabularySize; r++) harmonic += 1.0 / r;
        var table = new string[1 << TableBits];
        var slot = 0;
        var cumulative = 0.0;
        for (var r = 1; r <= VocabularySize && slot < table.Length; r++)
        {
            cumulative += 1.0 / (r * harmonic);
            var end = Math.Min(table.Length, Math.Max(slot + 1, (int)Math.Round(cumulative * table.Length)));
            for (; slot < end; slot++) table[slot] = Vocabulary[r - 1];
        }
        for (; slot < table.Length; slot++) table[slot] = Vocabulary[VocabularySize - 1];
        return table;
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
