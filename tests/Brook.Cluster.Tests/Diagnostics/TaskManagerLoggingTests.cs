using Brook.Cluster.Logging;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Tests.Diagnostics;

/// <summary>A TaskManager's files beside the JobManager's: its names, what it owns, what its logger and stdout write.</summary>
public sealed class TaskManagerLoggingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-tm-logging-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_taskmanager_writes_its_own_log_and_stdout_and_owns_only_its_files()
    {
        var console = new StringWriter();
        var logging = new TaskManagerLogging(new LogFiles(_dir, "jobmanager.log", "jobmanager.out"), 1, toConsole: false, console) { TaskManagerId = Brook.Core.Ids.ResourceId.Generate() };
        try
        {
            Assert.Equal(("taskmanager-1.log", "taskmanager-1.out"), (logging.Files.LogFileName, logging.Files.StdoutFileName));
            logging.LoggerFactory.CreateLogger("test").LogInformation("Received task Map (1/1)#0.");
            logging.Stdout.WriteLine("printed by a task");
        }
        finally
        {
            await logging.DisposeAsync();
        }

        Assert.Contains("Received task Map (1/1)#0.", await File.ReadAllTextAsync(Path.Combine(_dir, "taskmanager-1.log")));
        Assert.Equal("printed by a task" + Environment.NewLine, await File.ReadAllTextAsync(Path.Combine(_dir, "taskmanager-1.out")));
        Assert.Equal("printed by a task" + Environment.NewLine, console.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "jobmanager.log")));

        Assert.True(logging.Owns("taskmanager-1.log"));
        Assert.True(logging.Owns("taskmanager-1_003.log"));
        Assert.True(logging.Owns("taskmanager-1.out"));
        Assert.False(logging.Owns("taskmanager-10.log"));
        Assert.False(logging.Owns("taskmanager-1_003.out.bak"));
        Assert.False(logging.Owns("jobmanager.log"));
    }
}
