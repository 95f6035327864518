using Brook.Cluster.Logging;

namespace Brook.Cluster.Tests;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>Takes over Console.Out briefly, so it runs alone.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class StdoutCaptureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-stdout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Console_output_is_copied_into_the_out_file_and_the_console_restored()
    {
        var path = Path.Combine(_dir, "jobmanager.out");
        var original = Console.Out;
        using (new StdoutCapture(path, teeConsole: true))
        {
            Assert.NotSame(original, Console.Out);
            Console.WriteLine("printed by a job");
        }
        Assert.Same(original, Console.Out);
        Assert.Equal("printed by a job" + Environment.NewLine, File.ReadAllText(path));
    }

    [Fact]
    public void Without_tee_the_out_file_exists_and_the_console_is_untouched()
    {
        var path = Path.Combine(_dir, "jobmanager.out");
        var original = Console.Out;
        using (new StdoutCapture(path, teeConsole: false))
        {
            Assert.Same(original, Console.Out);
        }
        Assert.True(File.Exists(path));
    }
}
