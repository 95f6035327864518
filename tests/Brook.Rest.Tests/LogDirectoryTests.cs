using System.Diagnostics;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;

namespace Brook.Rest.Tests;

/// <summary>Only regular files of the log directory are listed and served; anything else is not found, without being opened.</summary>
public sealed class LogDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("brook-logdir-").FullName;
    private readonly string _dir;
    private readonly LogLocation _logs;

    public LogDirectoryTests()
    {
        _dir = Directory.CreateDirectory(Path.Combine(_root, "log")).FullName;
        File.WriteAllText(Path.Combine(_dir, "jobmanager.log"), "hello");
        File.WriteAllText(Path.Combine(_root, "outside.txt"), "secret");
        _logs = new LogLocation(_dir, () => "jobmanager.log", "jobmanager.out");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_fifo_is_neither_listed_nor_served()
    {
        MakeFifo(Path.Combine(_dir, "trap.log"));
        Assert.Equal(404, Assert.Throws<NotFoundException>(() => LogFileHandlers.Resolve(_logs, "trap.log")).Status);
        Assert.Equal(["jobmanager.log"], LogFileHandlers.List(_logs).Logs.Select(l => l.Name));
    }

    [Fact]
    public void A_symbolic_link_out_of_the_log_directory_is_neither_listed_nor_served()
    {
        File.CreateSymbolicLink(Path.Combine(_dir, "escape.log"), Path.Combine(_root, "outside.txt"));
        File.CreateSymbolicLink(Path.Combine(_dir, "relative.log"), "../outside.txt");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "up"), _root);
        foreach (var name in new[] { "escape.log", "relative.log", "up" })
        {
            Assert.Equal(404, Assert.Throws<NotFoundException>(() => LogFileHandlers.Resolve(_logs, name)).Status);
        }
        Assert.Equal(["jobmanager.log"], LogFileHandlers.List(_logs).Logs.Select(l => l.Name));
    }

    [Fact]
    public void A_symbolic_link_to_a_log_file_beside_it_is_served()
    {
        File.CreateSymbolicLink(Path.Combine(_dir, "latest.log"), "jobmanager.log");
        Assert.Equal(Path.Combine(_dir, "latest.log"), LogFileHandlers.Resolve(_logs, "latest.log"));
        Assert.Equal(["jobmanager.log", "latest.log"], LogFileHandlers.List(_logs).Logs.Select(l => l.Name));
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
