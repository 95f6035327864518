using System.Net;
using System.Text.Json.Nodes;
using Brook.Cluster.Jars;
using Brook.Core.Configuration;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>
/// A cluster with small job package limits whose configured upload directory already holds, at start-up, a
/// valid package next to damaged and over-limit ones.
/// </summary>
public sealed class JobPackageHardeningFixture : JobsClusterFixture, IAsyncLifetime
{
    public string UploadDir { get; } = Path.Combine(Path.GetTempPath(), "brook-hardening-" + Guid.NewGuid().ToString("N"));

    public string PreviousPackageId { get; } = $"{Guid.NewGuid()}_Previous.jar";

    protected override void Configure(Configuration config)
    {
        base.Configure(config);
        config.SetRaw(CoreOptions.WebUploadDir.Key, UploadDir)
            .SetRaw(JobPackageLimits.MaxExpandedSizeOption.Key, "64 mb")
            .SetRaw(JobPackageLimits.MaxEntriesOption.Key, "500")
            .SetRaw(JobPackageLimits.MaxEntrySizeOption.Key, "32 mb");
        Directory.CreateDirectory(UploadDir);
        File.Copy(Package("Brook.TestJobs.jar"), Path.Combine(UploadDir, PreviousPackageId));
        File.WriteAllBytes(Path.Combine(UploadDir, $"{Guid.NewGuid()}_Bomb.jar"), HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 16)));
        File.WriteAllBytes(Path.Combine(UploadDir, $"{Guid.NewGuid()}_Damaged.jar"),
            HostilePackages.Zip(HostilePackages.Damaged("Damaged.dll")));
        File.WriteAllText(Path.Combine(UploadDir, $"{Guid.NewGuid()}_Truncated.jar"), "PK\u0003\u0004 truncated");
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(UploadDir, recursive: true);
    }
}

public sealed class JobPackageHardeningTests(JobPackageHardeningFixture fixture) : IClassFixture<JobPackageHardeningFixture>
{
    private const string TestJobs = "Brook.TestJobs.jar";

    private string ExtractRoot => Path.Combine(fixture.UploadDir, ".extracted");

    private string[] TemporaryDirectories() => Directory.Exists(ExtractRoot) ? Directory.GetDirectories(ExtractRoot, "*.tmp-*") : [];

    public static TheoryData<string, string> Bombs() => new()
    {
        { "ratio", "max-compression-ratio" },
        { "gigabyte", "max-entry-size" },
        { "entries", "more than web.upload.package.max-entries (500)" },
        { "slip-after-large-entry", "would be written outside the package's folder" },
        { "damaged", "is damaged" },
    };

    private static byte[] Bomb(string kind) => kind switch
    {
        "ratio" => HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 16)),
        "gigabyte" => HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 1024)),
        "entries" => HostilePackages.Zip(Enumerable.Range(0, 2000).Select(i => HostilePackages.Stored($"{i}", []))),
        "slip-after-large-entry" => HostilePackages.PackageWith(JobsClusterFixture.Package(TestJobs),
            HostilePackages.Stored("large.bin", Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 4 << 20)),
            HostilePackages.Stored("../../escaped.txt", [1, 2, 3])),
        "damaged" => HostilePackages.PackageWith(JobsClusterFixture.Package(TestJobs), HostilePackages.Damaged("lib/damaged.bin")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_hostile_package_answers_400_leaves_nothing_on_disk_and_takes_no_memory(string kind, string why)
    {
        var bomb = Bomb(kind);
        var fileName = $"bomb-{kind}.jar";
        var settledBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes();

        var (status, body) = await fixture.UploadAsync((fileName, bomb));

        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var settledGrowth = GC.GetTotalMemory(forceFullCollection: true) - settledBefore;
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JobsClusterFixture.Errors(body.ToJsonString());
        Assert.Contains($"The uploaded file {fileName} is not a valid job package: ", error);
        Assert.Contains(why, error);
        Assert.DoesNotContain(Directory.EnumerateFiles(fixture.UploadDir), f => f.EndsWith(fileName));
        Assert.DoesNotContain(fixture.Cluster.Jars.Store.List(), j => j.Name == fileName);
        // Generous bounds (the whole test process counts): a bomb read into memory takes gigabytes.
        Assert.True(allocated < (256L << 20) + 4L * bomb.Length, $"{allocated} bytes allocated while refusing a {bomb.Length}-byte package");
        Assert.True(settledGrowth < 64L << 20, $"{settledGrowth} bytes still held after refusing the package");
    }

    [Fact]
    public async Task Packages_that_cannot_be_read_at_start_up_are_skipped_and_the_cluster_starts()
    {
        var jars = (await fixture.GetJsonAsync("/jars", "/jars"))["files"]!.AsArray();

        Assert.Contains(jars, j => (string?)j!["id"] == fixture.PreviousPackageId);
        Assert.DoesNotContain(jars, j => ((string?)j!["name"])?.Contains("Bomb") == true || ((string?)j!["name"])?.Contains("Damaged") == true
            || ((string?)j!["name"])?.Contains("Truncated") == true);
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{fixture.PreviousPackageId}/plan?entry-class=Brook.TestJobs.FourVertices");
        Assert.True(status == HttpStatusCode.OK, body);
    }

    [Fact]
    public async Task Concurrent_plans_of_a_package_extract_it_once_and_leave_no_temporary_folders()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var extractionsBefore = fixture.Cluster.Jars.Store.ExtractionCount;

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/plan?entry-class=Brook.TestJobs.FourVertices")));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));
        Assert.Single(answers.Select(a => JsonNode.Parse(a.Body)!["plan"]!["nodes"]!.AsArray().Count).Distinct());
        Assert.Equal(extractionsBefore + 1, fixture.Cluster.Jars.Store.ExtractionCount);
        Assert.True(Directory.Exists(Path.Combine(ExtractRoot, jarId)));
        Assert.Empty(TemporaryDirectories());
    }

    [Fact]
    public async Task A_failed_extraction_answers_400_and_leaves_no_folder()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        // The stored package changes on disk: its data breaks after megabytes were written.
        var random = Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 4 << 20);
        await File.WriteAllBytesAsync(fixture.Cluster.Jars.Store.Get(jarId)!.Path, HostilePackages.PackageWith(JobsClusterFixture.Package(TestJobs),
            HostilePackages.Stored("large.bin", random), HostilePackages.Damaged("lib/damaged.bin")));

        foreach (var action in new[] { "plan", "run" })
        {
            var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/{action}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains($"The job package {jarId} cannot be loaded: The entry 'lib/damaged.bin' is damaged", JobsClusterFixture.Errors(body));
            Assert.Empty(TemporaryDirectories());
        }
        var (deleted, _) = await fixture.SendJsonAsync(HttpMethod.Delete, $"/jars/{jarId}");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ExtractRoot, jarId + "*"));
    }

    [Fact]
    public async Task A_detached_run_answers_with_the_job_id_while_the_entry_point_keeps_running()
    {
        var jars = fixture.Cluster.Jars;
        jars.RunningEntryPointsChanged += fixture.Progress.Pulse;
        try
        {
            var jarId = await fixture.UploadPackageAsync(TestJobs);
            var running = jars.RunningEntryPoints;

            var jobId = await fixture.RunAsync(jarId, """{"entryClass":"Brook.TestJobs.SubmitsThenWaits"}""");

            // The program waits for its job's result: it is still running, and counted, after the answer.
            Assert.Equal(running + 1, jars.RunningEntryPoints);
            await fixture.WaitForJobStatusAsync(jobId, "RUNNING");
            var (cancel, _) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{jobId}?mode=cancel");
            Assert.Equal(HttpStatusCode.Accepted, cancel);
            await fixture.Progress.UntilAsync(() => jars.RunningEntryPoints == running, "the entry point to end with its job", TimeSpan.FromSeconds(30));
        }
        finally
        {
            jars.RunningEntryPointsChanged -= fixture.Progress.Pulse;
        }
    }

    [Fact]
    public async Task An_entry_point_that_never_returns_is_answered_after_the_bound_and_counted()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var running = fixture.Cluster.Jars.RunningEntryPoints;

        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run", """{"entryClass":"Brook.TestJobs.NeverReturns"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("did not return within web.submit.timeout", JobsClusterFixture.Errors(body));
        Assert.Equal(running + 1, fixture.Cluster.Jars.RunningEntryPoints);
    }
}
