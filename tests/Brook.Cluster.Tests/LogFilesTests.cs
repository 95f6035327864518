using Brook.Cluster.Logging;
using Brook.Core.Configuration;

namespace Brook.Cluster.Tests;

public sealed class LogFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-logfiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_log_directory_names_the_role_files()
    {
        var files = LogFiles.For(new Configuration().SetRaw("env.log.dir", _dir), "jobmanager");
        Assert.Equal((_dir, "jobmanager.log", "jobmanager.out"), (files.Directory, files.LogFileName, files.StdoutFileName));
    }

    [Fact]
    public void Log_file_overrides_the_directory_and_name()
    {
        var path = Path.Combine(_dir, "custom", "brook-session.log");
        var files = LogFiles.For(new Configuration().SetRaw("log.file", path).SetRaw("env.log.dir", "/elsewhere"), "jobmanager");
        Assert.Equal((Path.Combine(_dir, "custom"), "brook-session.log", "brook-session.out"), (files.Directory, files.LogFileName, files.StdoutFileName));
    }

    [Fact]
    public void The_current_log_file_is_the_newest_roll()
    {
        var files = LogFiles.For(new Configuration().SetRaw("env.log.dir", _dir), "jobmanager");
        Assert.Null(files.CurrentLogFile());
        File.WriteAllText(Path.Combine(_dir, "jobmanager.log"), "a");
        Assert.Equal("jobmanager.log", files.CurrentLogFile());
        File.WriteAllText(Path.Combine(_dir, "jobmanager_001.log"), "b");
        File.WriteAllText(Path.Combine(_dir, "jobmanager_002.log"), "c");
        File.WriteAllText(Path.Combine(_dir, "taskmanager.log"), "d");
        Assert.Equal("jobmanager_002.log", files.CurrentLogFile());
    }

    [Fact]
    public async Task The_process_log_is_written_to_the_log_file()
    {
        var files = LogFiles.For(new Configuration().SetRaw("env.log.dir", _dir), "jobmanager");
        await using (var logging = new ProcessLogging(files, toConsole: false))
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logging.LoggerFactory.CreateLogger("Test"), "Something {What}", "happened");
        }
        Assert.Contains("WARN Test - Something happened", await File.ReadAllTextAsync(files.LogPath));
    }
}
