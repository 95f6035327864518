using Brook.Cluster.Logging;
using Brook.Core.Configuration;
using Microsoft.Extensions.Logging;

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
            logging.LoggerFactory.CreateLogger("Test").LogWarning("Something {What}", "happened");
        }
        Assert.Contains("WARN  Test - Something happened", await File.ReadAllTextAsync(files.LogPath));
    }

    [Fact]
    public async Task Levels_are_written_with_log4js_names_padded_as_flinks_layout()
    {
        var files = LogFiles.For(new Configuration().SetRaw("env.log.dir", _dir), "jobmanager");
        await using (var logging = new ProcessLogging(files, toConsole: false))
        {
            var log = logging.LoggerFactory.CreateLogger("Test");
            log.LogError("e");
            log.LogWarning("w");
            log.LogInformation("i");
            log.LogCritical("c");
        }
        var levels = (await File.ReadAllLinesAsync(files.LogPath)).Select(line => line.Split(' ', 3)[2][..6]).ToList();
        Assert.Equal(["ERROR ", "WARN  ", "INFO  ", "FATAL "], levels);
    }

    [Fact]
    public async Task The_log_rolls_at_the_configured_size_and_keeps_the_configured_number_of_rolled_files()
    {
        var config = new Configuration().SetRaw("env.log.dir", _dir).SetRaw("log.file.max-size", "2kb").SetRaw("log.file.max-files", "2");
        var files = LogFiles.For(config, "jobmanager");
        Assert.Equal((2048L, 2), (files.MaxFileSize, files.MaxRolledFiles));
        const int lines = 200;
        await using (var logging = new ProcessLogging(files, toConsole: false))
        {
            var log = logging.LoggerFactory.CreateLogger("Test");
            for (var i = 0; i < lines; i++) log.LogInformation("line {Number} {Padding}", i, new string('x', 60));
        }

        var written = Directory.GetFiles(_dir, "jobmanager*.log").Select(f => new FileInfo(f)).ToList();
        // About 100 bytes a line: 200 lines fill ten files, of which the current one and two rolled ones are left.
        Assert.Equal(3, written.Count);
        Assert.All(written, f => Assert.True(f.Length <= 2048 + 200, $"{f.Name} has {f.Length} bytes"));
        var current = files.CurrentLogFile()!;
        Assert.Contains($"line {lines - 1} ", await File.ReadAllTextAsync(Path.Combine(_dir, current)));
        Assert.DoesNotContain(written, f => File.ReadAllText(f.FullName).Contains("line 0 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("log.file.max-size", "0")]
    [InlineData("log.file.max-size", "lots")]
    [InlineData("log.file.max-files", "-1")]
    public void Bad_rolling_settings_name_the_key_and_value(string key, string value)
    {
        var e = Assert.Throws<ConfigurationException>(() => LogFiles.For(new Configuration().SetRaw("env.log.dir", _dir).SetRaw(key, value), "jobmanager"));
        Assert.Contains($"'{value}' for key '{key}'", e.Message);
    }
}
