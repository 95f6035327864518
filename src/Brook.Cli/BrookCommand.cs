using System.CommandLine;

namespace Brook.Cli;

/// <summary>The `brook` command: one subcommand per task (cluster, jobmanager, taskmanager, start-cluster, stop-cluster, run, list, cancel, package).</summary>
internal static class BrookCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Brook: a stream processing cluster for .NET that speaks Apache Flink's REST API.")
        {
            ClusterCommand.Create(),
            JobManagerCommand.Create(),
            TaskManagerCommand.Create(),
            StartClusterCommands.Start(),
            StartClusterCommands.Stop(),
            JobCommands.Run(),
            JobCommands.List(),
            JobCommands.Cancel(),
            SavepointCommands.Savepoint(),
            SavepointCommands.Stop(),
            JobCommands.Package(),
        };
        // Ctrl-C and SIGTERM cancel the action's token; the cluster gets 30 s to stop before the process is ended.
        var parse = root.Parse(DynamicProperties.SplitTokens(args));
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
    }
}
