namespace Brook.Nexmark.Runner;

/// <summary>Flink 2.0's published Nexmark throughput per core (Nexmark GUIDE_V2; RocksDB, checkpoints every 30 s).</summary>
public static class FlinkFigures
{
    public static readonly IReadOnlyDictionary<string, double> EventsPerSecondPerCore = new Dictionary<string, double>
    {
        ["q0"] = 379_000,
        ["q1"] = 395_000,
        ["q2"] = 414_000,
        ["q4"] = 28_000,
        ["q5"] = 74_500,
        ["q7"] = 23_000,
        ["q9"] = 13_800,
        ["q12"] = 194_000,
    };
}
