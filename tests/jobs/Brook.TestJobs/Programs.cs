using Brook.Streaming;

namespace Brook.TestJobs;

/// <summary>Throws before it builds anything: the run must answer 400 with this message.</summary>
public static class ThrowsInMain
{
    public const string Message = "The test program failed on purpose before building its pipeline.";

    public static void Main() => throw new InvalidOperationException(Message);
}

/// <summary>Returns without calling ExecuteAsync: the program contains no job.</summary>
public static class NeverExecutes
{
    public static void Main(string[] args) => StreamExecutionEnvironment.GetExecutionEnvironment().FromSequence(1, 10);
}

/// <summary>Waits on something that never happens, so its entry point outlives any submission bound.</summary>
public static class NeverReturns
{
    private static readonly TaskCompletionSource Never = new();

    public static void Main() => Never.Task.Wait();
}

/// <summary>A job whose map fails on the record 42 with <see cref="PoisonedRecordException"/>.</summary>
public static class FailingMap
{
    public static async Task Main()
    {
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.FromSequence(1, 1000)
            .Map(v => v == 42 ? throw new PoisonedRecordException(v) : v).Name("Poisoned map")
            .SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        await env.ExecuteAsync("FailingMap");
    }
}

public sealed class PoisonedRecordException(long value) : Exception($"Record {value} is poisoned.");

/// <summary>
/// An unbounded job of four vertices (source, two maps, sink; chaining disabled, rebalance between), at the
/// environment's parallelism; the optional first argument caps the source at that many records per second.
/// </summary>
public static class FourVertices
{
    public static async Task Main(string[] args)
    {
        double? rate = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : null;
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.DisableOperatorChaining();
        env.FromGenerator(i => i, recordsPerSecond: rate).Name("Generator")
            .Rebalance().Map(v => v * 2).Name("Double")
            .Rebalance().Map(v => v + 1).Name("Increment")
            .Rebalance().SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        await env.ExecuteAsync("FourVertices");
    }
}
