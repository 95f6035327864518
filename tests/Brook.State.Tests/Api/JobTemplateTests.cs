using System.Diagnostics;
using System.IO.Compression;

namespace Brook.State.Tests.Api;

/// <summary>
/// The `dotnet new brook-job` template, as a job author uses it: pack Brook, install the template, create a project
/// against the packed packages, build it (which writes its .jar), run it. Category Soak (packing and restoring take
/// about 1.5 min, over the default run's budget): <c>dotnet test tests/Brook.State.Tests --filter Category=Soak&amp;FullyQualifiedName~JobTemplate</c>.
/// </summary>
[Trait("Category", "Soak")]
public sealed class JobTemplateTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-template-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Brook.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Brook.slnx not found above the test's directory.");
    }

    private async Task<string> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // A private CLI home (the template installs there) and package cache (no stale Brook 0.1.0 from another run).
        start.Environment["DOTNET_CLI_HOME"] = Path.Combine(_dir, "cli-home");
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_dir, "nuget-packages");
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output;
    }

    [Fact]
    public async Task The_template_creates_a_job_that_runs_and_packages()
    {
        var root = RepositoryRoot();
        var packages = Path.Combine(_dir, "packages");
        foreach (var library in new[] { "Brook.Core", "Brook.Streaming", "Brook.Runtime" })
            await DotnetAsync(root, "pack", Path.Combine("src", library), "-o", packages);
        using (var package = ZipFile.OpenRead(Path.Combine(packages, "Brook.Streaming.0.1.0.nupkg")))
        {
            var files = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("lib/net10.0/Brook.Streaming.xml", files);
            Assert.Contains("buildTransitive/Brook.Streaming.props", files);
        }

        await DotnetAsync(_dir, "new", "install", Path.Combine(root, "templates", "brook-job"));
        await DotnetAsync(_dir, "new", "brook-job", "-n", "MyJob", "-o", "MyJob", "--BrookSource", packages);
        var project = Path.Combine(_dir, "MyJob");
        await DotnetAsync(project, "build");
        var output = await DotnetAsync(project, "run", "--no-build", "--", "2");

        // The word count's final counts, printed by two sink subtasks ("N> (word, count)").
        Assert.Contains("(be, 2)", output);
        Assert.Contains("(to, 2)", output);
        Assert.Contains("finished", output);
        using var jar = ZipFile.OpenRead(Path.Combine(project, "bin", "MyJob.jar"));
        var entries = jar.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("MyJob.dll", entries);
        Assert.Contains("MyJob.runtimeconfig.json", entries);
        Assert.Contains("Brook.Streaming.dll", entries);
    }
}
