using System.Net;
using System.Text.RegularExpressions;
using Brook.Cli;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>`brook cluster` as a user runs it (in-process): it serves REST, and DELETE /cluster makes it return 0.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed partial class BrookCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"REST endpoint listening on (http://\S+?)\.?$", RegexOptions.Multiline)]
    private static partial Regex ListeningLine();

    [Fact]
    public async Task Cluster_command_serves_rest_and_exits_0_after_delete_cluster()
    {
        var confDir = Directory.CreateDirectory(Path.Combine(_dir, "conf")).FullName;
        await File.WriteAllTextAsync(Path.Combine(confDir, "config.yaml"), "taskmanager:\n  numberOfTaskSlots: 3\n");
        var logDir = Path.Combine(_dir, "log");
        var run = BrookCommand.RunAsync(["cluster", "--taskmanagers", "2", "--conf-dir", confDir, "-Drest.port=0", $"-Denv.log.dir={logDir}"]);

        var address = await WaitForAddressAsync(Path.Combine(logDir, "jobmanager.log"), run);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var overview = await http.GetStringAsync("/overview");
        Assert.Contains("\"taskmanagers\":2", overview);
        Assert.Contains("\"slots-total\":6", overview);

        using var response = await http.DeleteAsync("/cluster");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task An_invalid_value_stops_start_up_with_exit_code_1() =>
        Assert.Equal(1, await BrookCommand.RunAsync(["cluster", "--conf-dir", _dir, "-Drest.port=eighty"]));

    /// <summary>
    /// The port is chosen at start-up (rest.port 0); the log names it. Waits for that line, re-reading the log each
    /// time the file system reports a change to it, or fails after a deadline.
    /// </summary>
    private static async Task<string> WaitForAddressAsync(string logFile, Task<int> run)
    {
        var progress = new ProgressSignal();
        var dir = Path.GetDirectoryName(logFile)!;
        Directory.CreateDirectory(dir);
        using var watcher = new FileSystemWatcher(dir, Path.GetFileName(logFile))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => progress.Pulse();
        watcher.Changed += (_, _) => progress.Pulse();
        watcher.EnableRaisingEvents = true;
        _ = run.ContinueWith(_ => progress.Pulse(), TaskScheduler.Default);

        string? address = null;
        await progress.UntilAsync(() =>
        {
            if (run.IsCompleted) throw new InvalidOperationException($"brook cluster exited early with {run.Result}.");
            if (!File.Exists(logFile)) return false;
            using var reader = new StreamReader(new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            if (ListeningLine().Match(reader.ReadToEnd()) is not { Success: true } m) return false;
            address = m.Groups[1].Value;
            return true;
        }, "brook cluster reports its REST address", TimeSpan.FromSeconds(30));
        return address!;
    }
}
