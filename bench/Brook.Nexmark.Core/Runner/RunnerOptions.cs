using Brook.Nexmark.Queries;

namespace Brook.Nexmark.Runner;

/// <summary>What the runner runs: queries, stream size, parallelism, checkpointing, warm-up.</summary>
public sealed record RunnerOptions
{
    public IReadOnlyList<string> Queries { get; init; } = NexmarkQueries.All.Select(q => q.Name).ToList();

    public long Events { get; init; } = 10_000_000;

    /// <summary>Events run once per query before the measured run (JIT and tiered compilation warm-up); 0 for none.</summary>
    public long WarmupEvents { get; init; } = 1_000_000;

    public int Parallelism { get; init; } = 2;

    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where checkpoints go (a fresh temporary directory, deleted afterwards, when null).</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Events per second of event time (Nexmark's TPS setting spaces dateTime by it).</summary>
    public double EventRate { get; init; } = 10_000_000;

    public bool Json { get; init; }

    /// <summary>Parses the command line: --queries q0,q5 --events N --parallelism P --warmup N --checkpoint-interval-ms N
    /// --checkpoint-dir PATH --rate N --json.</summary>
    public static RunnerOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RunnerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--queries" => options with { Queries = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(q => NexmarkQueries.Get(q).Name).ToList() },
                "--events" => options with { Events = long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmupEvents = long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--parallelism" => options with { Parallelism = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--checkpoint-interval-ms" => options with { CheckpointInterval = TimeSpan.FromMilliseconds(long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)) },
                "--checkpoint-dir" => options with { CheckpointDirectory = Value() },
                "--rate" => options with { EventRate = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--json" => options with { Json = true },
                var other => throw new ArgumentException($"Unknown option '{other}'."),
            };
        }
        if (options.Events <= 0 || options.Parallelism <= 0 || options.WarmupEvents < 0) throw new ArgumentException("--events and --parallelism must be positive.");
        return options;
    }
}
