using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks.Files;
using Brook.Streaming.State;

namespace Brook.TestJobs;

/// <summary>
/// The checkpoint oracle's job with large keyed state, for TaskManager processes: numbers 0..count-1 (second argument) at a
/// bounded rate (third argument, records per second), keyed by number % <see cref="Keys"/>; per key a running count and a
/// ballast of <see cref="BallastBytes"/> bytes (so each of two subtasks holds well over the 16 MiB an RPC message carries),
/// every running count written as "key,count" by an exactly-once FileSink into the directory of the first argument.
/// Checkpoints every 400 ms into the directory of the fourth argument (none or "-": the JobManager's memory); up to 20
/// restarts. A fifth argument sets the ballast's bytes per key (the checkpoint benchmark's state size). A restored ballast is checked
/// byte for byte: a wrong one fails the job.
/// </summary>
public static class LargeStateCounts
{
    public const int Keys = 48;
    public const int BallastBytes = 1 << 20;

    public static IReadOnlyList<string> ExpectedLines(long count) =>
        Enumerable.Range(0, Keys).SelectMany(k => Enumerable.Range(1, (int)((count - k + Keys - 1) / Keys)).Select(c => $"{k},{c}")).ToList();

    /// <summary>The key's ballast: its bytes follow from the key, so a restore that mixed keys up is noticed.</summary>
    public static byte[] Ballast(long key, int size = BallastBytes)
    {
        var bytes = new byte[size];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(key * 31 + i / 4096);
        return bytes;
    }

    private sealed class CountWithBallast(int ballastBytes) : KeyedProcessFunction<long, long, string>
    {
        private IValueState<long> _count = null!;
        private IValueState<byte[]> _ballast = null!;

        public override void Open()
        {
            _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));
            _ballast = RuntimeContext.GetState(new ValueStateDescriptor<byte[]>("ballast"));
        }

        public override void ProcessElement(long value, Context context, ICollector<string> output)
        {
            var key = value % Keys;
            var count = _count.Value() + 1;
            var ballast = _ballast.Value();
            if (ballast is null) _ballast.Update(Ballast(key, ballastBytes));
            else if (count % 50 == 0 && !ballast.AsSpan().SequenceEqual(Ballast(key, ballastBytes)))
                throw new InvalidOperationException($"The restored ballast of key {key} is not the key's.");
            _count.Update(count);
            output.Collect($"{key},{count}");
        }
    }

    public static async Task Main(string[] args)
    {
        var output = args[0];
        var count = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var rate = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(400));
        if (args.Length > 3 && args[3] != "-") env.Configuration.SetRaw("execution.checkpointing.dir", args[3]);
        var ballastBytes = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : BallastBytes;
        env.Configuration
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "20")
            .SetRaw("restart-strategy.fixed-delay.delay", "200 ms");
        env.FromGenerator(i => i, count, rate).Name("Numbers")
            .KeyBy(i => i % Keys)
            .Process(new CountWithBallast(ballastBytes)).Name("Count with ballast")
            .SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>())
                .WithBucketAssigner(new BasePathBucketAssigner<string>())
                .WithRollingPolicy(new DefaultRollingPolicy<string>(maxPartSize: 4096))
                .Build(), "Committed counts");
        await env.ExecuteAsync("LargeStateCounts");
    }
}
