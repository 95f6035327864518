using System.CommandLine;
using Brook.Cluster;
using Brook.Core.Configuration;

namespace Brook.Cli;

/// <summary>`brook cluster`: a JobManager and TaskManagers in this process, in the foreground until Ctrl-C or DELETE /cluster.</summary>
internal static class ClusterCommand
{
    public const string ConfDirEnvironmentVariable = "BROOK_CONF_DIR";

    public static Command Create()
    {
        var taskManagers = new Option<int?>("--taskmanagers", "-n")
        {
            Description = "Number of TaskManagers to start (default: minicluster.number-of-taskmanagers, 1).",
        };
        var confDir = new Option<DirectoryInfo?>("--conf-dir", "-c")
        {
            Description = $"Directory holding config.yaml (default: ${ConfDirEnvironmentVariable}, else ./conf if it exists).",
        };
        var dynamic = new Option<string[]>(DynamicProperties.OptionName)
        {
            Description = "Sets a configuration value, overriding config.yaml, e.g. -Drest.port=8082 (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            HelpName = "key=value",
        };
        var command = new Command("cluster", "Starts a local cluster: JobManager (Dispatcher, ResourceManager, REST endpoint) and TaskManagers in one process.")
        {
            taskManagers,
            confDir,
            dynamic,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(taskManagers);
            if (count is < 1)
            {
                await Console.Error.WriteLineAsync($"--taskmanagers must be at least 1, not {count}.");
                return 1;
            }
            Configuration config;
            try
            {
                config = ConfigurationLoader.Load(ResolveConfDir(parse.GetValue(confDir)), parse.GetValue(dynamic) ?? []);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            return await RunAsync(config, count, cancellationToken);
        });
        return command;
    }

    internal static string? ResolveConfDir(DirectoryInfo? explicitDir)
    {
        if (explicitDir is not null) return explicitDir.FullName;
        var fromEnvironment = Environment.GetEnvironmentVariable(ConfDirEnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        return Directory.Exists("conf") ? "conf" : null;
    }

    private static async Task<int> RunAsync(Configuration config, int? taskManagers, CancellationToken cancellationToken)
    {
        LocalCluster cluster;
        try
        {
            cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(taskManagers, LogToConsole: true, CaptureConsole: true), cancellationToken);
        }
        catch (Exception e) when (e is ConfigurationException or IOException)
        {
            await Console.Error.WriteLineAsync($"Could not start the cluster: {e.Message}");
            return 1;
        }
        await using (cluster)
        {
            Console.WriteLine($"Brook cluster running; REST API at {cluster.RestAddress}. Stop with Ctrl-C.");
            // Ctrl-C cancels the token; DELETE /cluster completes ShutdownRequested. Either way the cluster stops cleanly.
            var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = cancellationToken.Register(() => interrupted.TrySetResult());
            await Task.WhenAny(cluster.ShutdownRequested, interrupted.Task);
        }
        return 0;
    }
}
