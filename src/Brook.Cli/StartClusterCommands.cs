using System.CommandLine;
using System.Net.Sockets;
using Brook.Cluster.Rpc;
using Brook.Core.Configuration;

namespace Brook.Cli;

/// <summary>
/// `brook start-cluster` and `brook stop-cluster`, as Flink's start-cluster.sh and stop-cluster.sh: a JobManager and N
/// TaskManager processes on this machine, in the background, stopped through their pid files.
/// </summary>
internal static class StartClusterCommands
{
    /// <summary>How long start-cluster waits for the JobManager's RPC endpoint before it starts the TaskManagers anyway.</summary>
    private static readonly TimeSpan JobManagerStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long stop-cluster waits for the processes to exit after SIGTERM.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(40);

    public static Command Start()
    {
        var options = new ProcessCommandOptions();
        var taskManagers = new Option<int>("--taskmanagers", "-n") { Description = "Number of TaskManager processes to start.", DefaultValueFactory = _ => 1 };
        var command = new Command("start-cluster",
            "Starts a JobManager process and N TaskManager processes on this machine in the background (pid files in env.pid.dir, logs in env.log.dir).")
        {
            taskManagers,
        };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(taskManagers);
            if (count < 0)
            {
                await Console.Error.WriteLineAsync($"--taskmanagers must not be negative, not {count}.");
                return 1;
            }
            if (await options.LoadAsync(parse) is not { } config) return 1;
            try
            {
                ClusterRpcOptions.Validate(config);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            if (config.Get(ClusterRpcOptions.JobManagerRpcPort) == 0)
            {
                await Console.Error.WriteLineAsync("start-cluster needs a fixed jobmanager.rpc.port (not 0): the TaskManagers it starts must know where to register.");
                return 1;
            }
            var passThrough = new List<string>();
            if (parse.GetValue(options.ConfDir) is { } confDir) passThrough.AddRange(["--conf-dir", confDir.FullName]);
            foreach (var d in parse.GetValue(options.Dynamic) ?? []) passThrough.AddRange([DynamicProperties.OptionName, d]);
            var pidDir = config.Get(ClusterRpcOptions.PidDir);
            var logDir = config.Get(CoreOptions.LogDir);

            var jobManagerPid = StartDaemon(Daemons.JobManager, "jobmanager", pidDir, logDir, passThrough);
            if (!await WaitForJobManagerAsync(config, jobManagerPid, cancellationToken))
            {
                await Console.Error.WriteLineAsync($"The JobManager (pid {jobManagerPid}) did not start; see its log in {Path.GetFullPath(logDir)}.");
                return 1;
            }
            for (var i = 0; i < count; i++) StartDaemon(Daemons.TaskManager, "taskmanager", pidDir, logDir, passThrough);
            return 0;
        });
        return command;
    }

    public static Command Stop()
    {
        var options = new ProcessCommandOptions();
        var command = new Command("stop-cluster", "Stops the TaskManager and JobManager processes start-cluster started on this machine (SIGTERM, through their pid files).");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await options.LoadAsync(parse) is not { } config) return 1;
            var pidDir = config.Get(ClusterRpcOptions.PidDir);
            var failed = false;
            // TaskManagers first, and their exit awaited, so they say goodbye to a JobManager that is still there rather
            // than spend their last moments registering with one that is gone.
            foreach (var daemon in new[] { Daemons.TaskManager, Daemons.JobManager })
            {
                var pidFile = Daemons.PidFile(pidDir, daemon);
                var pids = Daemons.ReadPids(pidFile);
                if (pids.Count == 0) Console.WriteLine($"No {daemon} daemon to stop on host {Environment.MachineName}.");
                var stopped = new List<int>();
                foreach (var pid in pids)
                {
                    if (Daemons.IsRunningBrook(pid) && Daemons.Terminate(pid))
                    {
                        Console.WriteLine($"Stopping {daemon} daemon (pid: {pid}) on host {Environment.MachineName}.");
                        stopped.Add(pid);
                    }
                    else
                    {
                        Console.WriteLine($"No {daemon} daemon (pid: {pid}) is running anymore on {Environment.MachineName}.");
                    }
                }
                File.Delete(pidFile);
                foreach (var pid in stopped)
                {
                    if (!await WaitForExitAsync(pid, cancellationToken))
                    {
                        await Console.Error.WriteLineAsync($"Process {pid} did not stop within {StopTimeout.TotalSeconds:0} s.");
                        failed = true;
                    }
                }
            }
            return failed ? 1 : 0;
        });
        return command;
    }

    private static int StartDaemon(string daemon, string command, string pidDir, string logDir, IReadOnlyList<string> passThrough)
    {
        Directory.CreateDirectory(pidDir);
        var pidFile = Daemons.PidFile(pidDir, daemon);
        var running = Daemons.ReadPids(pidFile).Where(Daemons.IsRunningBrook).ToList();
        if (running.Count > 0) Console.WriteLine($"[INFO] {running.Count} instance(s) of {daemon} are already running on {Environment.MachineName}.");
        var index = running.Count;
        var logFile = Daemons.LogFile(logDir, daemon, index);
        var pid = Daemons.Start([command, .. passThrough, DynamicProperties.OptionName, "log.file=" + logFile]);
        // Only live pids stay in the file, so a stale pid of an earlier run cannot name another process later.
        File.WriteAllLines(pidFile, running.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Daemons.AppendPid(pidFile, pid);
        Console.WriteLine($"Starting {daemon} daemon on host {Environment.MachineName} (pid {pid}, log {logFile}).");
        return pid;
    }

    /// <summary>Waits until the JobManager's RPC endpoint accepts connections; false if the process ended or did not listen in time.</summary>
    private static async Task<bool> WaitForJobManagerAsync(Configuration config, int pid, CancellationToken cancellationToken)
    {
        var port = config.Get(ClusterRpcOptions.JobManagerRpcPort);
        var host = config.Get(ClusterRpcOptions.JobManagerRpcAddress);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(JobManagerStartTimeout);
        using var retry = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                if (!Daemons.IsAlive(pid)) return false;
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, port, deadline.Token);
                    return true;
                }
                catch (SocketException)
                {
                    // Not listening yet.
                }
            } while (await retry.WaitForNextTickAsync(deadline.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        return false;
    }

    private static async Task<bool> WaitForExitAsync(int pid, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StopTimeout);
        using var retry = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (Daemons.IsRunningBrook(pid)) await retry.WaitForNextTickAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
