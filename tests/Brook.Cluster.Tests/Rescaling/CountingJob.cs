using Brook.Core.Ids;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks.Files;
using Brook.Streaming.Sources;
using Brook.Streaming.State;
using Brook.TestSupport;

namespace Brook.Cluster.Tests.Rescaling;

/// <summary>
/// The job the live-rescaling tests run: a rate-limited parallel generator of 1..Count; every record once as "r,v",
/// and per key (v mod 7) a keyed count as "k,key,n". Both go through the exactly-once FileSink. Whatever the order
/// records arrive in, an exactly-once run commits r,1..r,Count and k,key,1..k,key,n(key) once each: a record lost or
/// replayed twice, or keyed state lost or duplicated in a rescale, shows as a missing or an extra line.
/// </summary>
internal sealed class CountingJob
{
    public const int Keys = 7;

    private long _seen;

    public CountingJob(string output, long count)
    {
        Output = output;
        Count = count;
    }

    public string Output { get; }

    public long Count { get; }

    public long Seen => Interlocked.Read(ref _seen);

    private sealed class CountPerKey : KeyedProcessFunction<long, long, string>
    {
        private IValueState<long> _count = null!;

        public override void Open() => _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));

        public override void ProcessElement(long value, Context context, ICollector<string> output)
        {
            var n = _count.Value() + 1;
            _count.Update(n);
            output.Collect($"k,{context.CurrentKey},{n}");
        }
    }

    /// <summary>Submits the job; every 50 records pulse <paramref name="progress"/>.</summary>
    public JobId Submit(Recovery.RecoveryClusterFixture fixture, string name, int parallelism, double recordsPerSecond, ProgressSignal progress) =>
        fixture.Submit(name, parallelism, env =>
        {
            env.EnableCheckpointing(TimeSpan.FromHours(1));
            var numbers = env.FromSource(new DataGeneratorSource<long>(i => i + 1, Count, recordsPerSecond), "Numbers")
                .Map(v =>
                {
                    if (Interlocked.Increment(ref _seen) % 50 == 0) progress.Pulse();
                    return v;
                });
            numbers.Map(v => $"r,{v}")
                .Union(numbers.KeyBy(v => v % Keys).Process(new CountPerKey()))
                .SinkTo(FileSink.ForRowFormat(Output, new SimpleStringEncoder<string>())
                    .WithBucketAssigner(new BasePathBucketAssigner<string>())
                    .WithRollingPolicy(new DefaultRollingPolicy<string>(maxPartSize: 4096))
                    .Build());
        });

    public IReadOnlyList<string> Expected()
    {
        var lines = new List<string>();
        var perKey = new long[Keys];
        for (var v = 1L; v <= Count; v++)
        {
            lines.Add($"r,{v}");
            lines.Add($"k,{v % Keys},{++perKey[v % Keys]}");
        }
        return lines;
    }

    /// <summary>Committed part files only (hidden in-progress files of cancelled attempts stay behind, as in Flink).</summary>
    public IReadOnlyList<string> Committed() =>
        Directory.Exists(Output)
            ? Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadLines).ToList()
            : [];

    /// <summary>Lines of <paramref name="from"/> not matched one for one in <paramref name="remove"/>.</summary>
    public static List<string> Subtract(IEnumerable<string> from, IEnumerable<string> remove)
    {
        var counts = remove.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rest = new List<string>();
        foreach (var line in from)
        {
            if (counts.TryGetValue(line, out var n) && n > 0) counts[line] = n - 1;
            else rest.Add(line);
        }
        return rest;
    }
}
