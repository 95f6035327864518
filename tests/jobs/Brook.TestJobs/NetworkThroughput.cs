using System.Globalization;
using Brook.Streaming;
using Brook.Streaming.Sinks;

namespace Brook.TestJobs;

/// <summary>
/// The network benchmark's job (bench/Brook.NetworkBench, mode "processes"): a generator at the environment's parallelism
/// emits the given number of records in all (second argument), "long" (8-byte longs) or "string" (96 ASCII characters,
/// 100 bytes on the wire) by the first argument, rebalanced to a sink that only counts them (REST's read-records). The
/// records are those of the bench's in-process jobs, so the figures compare.
/// </summary>
public static class NetworkThroughput
{
    /// <summary>The 1024 longs the generator cycles through.</summary>
    public static long[] Longs() => Enumerable.Range(0, 1024).Select(i => (long)i * 7919).ToArray();

    /// <summary>The 1024 strings the generator cycles through: 8 digits and 88 letters.</summary>
    public static string[] Strings() =>
        Enumerable.Range(0, 1024).Select(i => i.ToString("D8", CultureInfo.InvariantCulture) + new string((char)('a' + i % 26), 88)).ToArray();

    public static async Task Main(string[] args)
    {
        var kind = args[0];
        var count = long.Parse(args[1], CultureInfo.InvariantCulture);
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        switch (kind)
        {
            case "long":
                Build(env, Longs(), count);
                break;
            case "string":
                Build(env, Strings(), count);
                break;
            default:
                throw new ArgumentException($"Unknown record kind '{kind}': long or string.");
        }
        await env.ExecuteAsync($"NetworkThroughput {kind}");
    }

    private static void Build<T>(StreamExecutionEnvironment env, T[] values, long count)
    {
        var mask = values.Length - 1;
        env.FromGenerator(i => values[i & mask], count).Name("Generator")
            .Rebalance()
            .SinkTo(new ActionSink<T>(_ => { }, "Count"));
    }
}
