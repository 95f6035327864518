using System.CommandLine;
using Brook.Cluster;
using Brook.Core.Configuration;

namespace Brook.Cli;

/// <summary>
/// `brook jobmanager`: a JobManager process (Dispatcher, ResourceManager, REST endpoint, RPC endpoint) that TaskManager
/// processes register with; in the foreground until Ctrl-C, SIGTERM or DELETE /cluster.
/// </summary>
internal static class JobManagerCommand
{
    public static Command Create()
    {
        var options = new ProcessCommandOptions();
        var command = new Command("jobmanager",
            "Starts a JobManager process: Dispatcher, ResourceManager, REST endpoint, and the RPC endpoint (jobmanager.rpc.address:jobmanager.rpc.port) " +
            "where `brook taskmanager` processes register.");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await options.LoadAsync(parse) is not { } config) return 1;
            LocalCluster cluster;
            try
            {
                cluster = await LocalCluster.StartAsync(config,
                    new LocalClusterOptions(NumberOfTaskManagers: 0, LogToConsole: true, CaptureConsole: true) { AcceptTaskManagerProcesses = true }, cancellationToken);
            }
            catch (Exception e) when (e is ConfigurationException or IOException)
            {
                await Console.Error.WriteLineAsync($"Could not start the JobManager: {e.Message}");
                return 1;
            }
            await using (cluster)
            {
                Console.WriteLine($"Brook JobManager running; REST API at {cluster.RestAddress}, RPC endpoint at {cluster.RpcEndPoint}. Stop with Ctrl-C.");
                var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = cancellationToken.Register(() => interrupted.TrySetResult());
                await Task.WhenAny(cluster.ShutdownRequested, interrupted.Task);
            }
            return 0;
        });
        return command;
    }
}
