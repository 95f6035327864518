using Brook.Streaming;

namespace Brook.TestJobs;

/// <summary>
/// A program whose graph depends on a file (its first argument): with "v1" in it its map has the uid "double", with anything
/// else "double-v2", so its operator ids change. Rebuilt on a TaskManager after the file changed, the graph differs from the
/// JobManager's, as a program that reads the clock or the environment to decide its pipeline would.
/// </summary>
public static class DiffersOnRebuild
{
    public static async Task Main(string[] args)
    {
        var version = File.ReadAllText(args[0]).Trim();
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        env.FromSequence(1, 100).Name("Numbers")
            .Map(v => v * 2).Uid(version == "v1" ? "double" : "double-v2").Name("Double")
            .SinkTo(new Streaming.Sinks.ActionSink<long>(_ => { }, "Discard"));
        await env.ExecuteAsync("DiffersOnRebuild");
        // Only reached in run mode: plan mode stops the program at ExecuteAsync.
        await File.WriteAllTextAsync(args[0] + ".executed", "executed");
    }
}
