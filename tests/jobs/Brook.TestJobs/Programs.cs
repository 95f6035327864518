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

/// <summary>
/// Event time over known input: events 0..N-1 (N = first argument, default 1000) one second apart from one
/// source, summed per key in 10-second tumbling windows at the environment's parallelism.
/// </summary>
public static class EventTimeWindows
{
    public static async Task Main(string[] args)
    {
        var n = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.FromSequence(0, n - 1).SetParallelism(1).Name("Events")
            .AssignTimestampsAndWatermarks(Streaming.Watermarks.WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((e, _) => e * 1000))
            .KeyBy(e => e % 4)
            .Window(Streaming.Windowing.TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(10)))
            .Reduce((a, b) => a + b).Name("Window sum")
            .SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        await env.ExecuteAsync("EventTimeWindows");
    }
}

/// <summary>
/// Submits an unbounded job and then waits for its result, as a program following its job does: its entry point
/// keeps running after the submission until the job ends (cancelling the job ends it).
/// </summary>
public static class SubmitsThenWaits
{
    public static async Task Main()
    {
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.FromGenerator(i => i, recordsPerSecond: 10).Name("Generator")
            .SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        var client = await env.ExecuteDetachedAsync("SubmitsThenWaits");
        try
        {
            await client.GetJobExecutionResultAsync();
        }
        catch (Streaming.Execution.JobExecutionException)
        {
            // Cancelled: the program ends with its job.
        }
    }
}
