using System.Runtime.CompilerServices;
using Brook.Streaming;

namespace Brook.TestJobs;

/// <summary>
/// An unbounded job whose task threads spend their time in one recognisable method, so that a flame graph of its
/// subtasks (in whichever process they run) names it. Runs until cancelled.
/// </summary>
public static class SpinsUntilCancelled
{
    public static async Task Main()
    {
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.FromSequence(0, long.MaxValue - 1).Name("Numbers")
            .Map(v => MixesEveryRecord(v)).Name("Mix")
            .SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        await env.ExecuteAsync("SpinsUntilCancelled");
    }

    /// <summary>Real work per record (a few hundred rounds of an integer mix), so samples land here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long MixesEveryRecord(long v)
    {
        var h = (ulong)v;
        for (var i = 0; i < 256; i++) h = (h ^ (h >> 31)) * 0x9E3779B97F4A7C15UL + (ulong)i;
        return (long)h;
    }
}
