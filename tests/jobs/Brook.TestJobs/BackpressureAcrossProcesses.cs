using System.Globalization;
using Brook.Core.Hashing;
using Brook.Streaming;

namespace Brook.TestJobs;

/// <summary>
/// Backpressure between TaskManager processes: one source subtask emits the 100-character records 0..count-1 (second
/// argument), all keyed to sink subtask 1 of 2 (<see cref="KeyOfSecondSubtask"/>), which runs in the other slot than the
/// source's, i.e. in the other TaskManager process when each has one slot. The sink is a <see cref="HeldSink"/> gated by the
/// Unix domain socket of the first argument, writing into the directory of the third. Run at parallelism 2.
/// </summary>
public static class BackpressureAcrossProcesses
{
    public const int IndexDigits = 12;

    public const int RecordLength = 100;

    /// <summary>Record i: its index in 12 digits, then 88 letters that depend on it (100 ASCII characters).</summary>
    public static string Record(long i) =>
        i.ToString("D12", CultureInfo.InvariantCulture) + new string((char)('a' + i % 26), RecordLength - IndexDigits);

    /// <summary>The smallest key whose key group belongs to subtask 1 of 2 (at the default max parallelism the job uses).</summary>
    public static int KeyOfSecondSubtask { get; } = Enumerable.Range(0, 1000)
        .First(k => KeyGroupRangeAssignment.OperatorIndexForKeyHash(StableHash.Of(k), KeyGroupRangeAssignment.DefaultMaxParallelism, 2) == 1);

    public static async Task Main(string[] args)
    {
        var gate = args[0];
        var count = long.Parse(args[1], CultureInfo.InvariantCulture);
        var output = args[2];
        var key = KeyOfSecondSubtask;
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.FromGenerator(Record, count).Name("Records").SetParallelism(1)
            .KeyBy(_ => key)
            .SinkTo(new HeldSink(gate, output));
        await env.ExecuteAsync("BackpressureAcrossProcesses");
    }
}
