using System.CommandLine;
using Brook.Cluster.TaskManager;
using Brook.Core.Configuration;

namespace Brook.Cli;

/// <summary>
/// `brook taskmanager`: a TaskManager process that registers with the JobManager at jobmanager.rpc.address and
/// heartbeats to it; in the foreground until Ctrl-C or SIGTERM, or until a fatal error (exit code 2, as Flink's).
/// </summary>
internal static class TaskManagerCommand
{
    public static Command Create()
    {
        var options = new ProcessCommandOptions();
        var command = new Command("taskmanager",
            "Starts a TaskManager process that registers with the JobManager at jobmanager.rpc.address:jobmanager.rpc.port " +
            "(taskmanager.host, taskmanager.rpc.port, taskmanager.data.port, taskmanager.numberOfTaskSlots, taskmanager.resource-id).");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await options.LoadAsync(parse) is not { } config) return 1;
            TaskManagerRunner runner;
            try
            {
                runner = await TaskManagerRunner.StartAsync(config, new TaskManagerRunnerOptions(LogToConsole: true, CaptureConsole: true), cancellationToken);
            }
            catch (Exception e) when (e is ConfigurationException or IOException or System.Net.Sockets.SocketException)
            {
                await Console.Error.WriteLineAsync($"Could not start the TaskManager: {e.Message}");
                return 1;
            }
            await using (runner)
            {
                Console.WriteLine($"Brook TaskManager {runner.ResourceId} running; RPC endpoint at {runner.RpcEndPoint}. Stop with Ctrl-C.");
                var interrupted = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = cancellationToken.Register(() => interrupted.TrySetResult(0));
                return await await Task.WhenAny(runner.Terminated, interrupted.Task);
            }
        });
        return command;
    }
}
