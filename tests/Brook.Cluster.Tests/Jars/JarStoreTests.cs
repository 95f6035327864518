using System.IO.Compression;
using Brook.Cluster.Jars;
using Brook.TestSupport;

namespace Brook.Cluster.Tests.Jars;

public sealed class JarStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-store-test").FullName;

    private string UploadDir => Path.Combine(_dir, "upload");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The test assembly's own output is a runnable program (the test SDK generates its Main).</summary>
    private string Program()
    {
        var path = Path.Combine(_dir, $"program-{Guid.NewGuid():N}.jar");
        File.WriteAllBytes(path, TestPackages.Program);
        return path;
    }

    private async Task<StoredJar> UploadProgramAsync(JarStore store)
    {
        await using var s = File.OpenRead(Program());
        return await store.UploadAsync(s, "Program.jar", CancellationToken.None);
    }

    private string[] TemporaryDirectories() =>
        Directory.Exists(Path.Combine(UploadDir, ".extracted"))
            ? Directory.GetDirectories(Path.Combine(UploadDir, ".extracted"), "*.tmp-*")
            : [];

    [Fact]
    public void Packages_that_cannot_be_read_at_start_up_are_skipped()
    {
        Directory.CreateDirectory(UploadDir);
        File.Copy(Program(), Path.Combine(UploadDir, $"{Guid.NewGuid()}_Good.jar"));
        File.WriteAllBytes(Path.Combine(UploadDir, $"{Guid.NewGuid()}_Bomb.jar"), HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 16)));
        File.WriteAllBytes(Path.Combine(UploadDir, $"{Guid.NewGuid()}_Damaged.jar"),
            HostilePackages.Zip(HostilePackages.Stored("Program.dll", [1, 2]), HostilePackages.Damaged("lib/damaged.bin")));
        File.WriteAllBytes(Path.Combine(UploadDir, $"{Guid.NewGuid()}_Many.jar"),
            HostilePackages.Zip(Enumerable.Range(0, 300).Select(i => HostilePackages.Stored($"f{i}", []))));
        var truncated = File.ReadAllBytes(Program());
        File.WriteAllBytes(Path.Combine(UploadDir, $"{Guid.NewGuid()}_Truncated.jar"), truncated[..(truncated.Length / 2)]);
        File.WriteAllText(Path.Combine(UploadDir, "notes.txt"), "not a package");

        var store = new JarStore(UploadDir, TestPackages.Small);

        Assert.Equal("Good.jar", Assert.Single(store.List()).Name);
    }

    [Fact]
    public async Task Concurrent_extractions_of_a_package_extract_it_once()
    {
        var store = new JarStore(UploadDir, TestPackages.Small);
        var jar = await UploadProgramAsync(store);

        var dirs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.ExtractAsync(jar))));

        Assert.Single(dirs.Distinct());
        Assert.True(File.Exists(Path.Combine(dirs[0], jar.Info.EntryAssembly)));
        Assert.Equal(1, store.ExtractionCount);
        Assert.Empty(TemporaryDirectories());
    }

    [Fact]
    public async Task A_failed_extraction_leaves_nothing_behind_and_is_tried_again()
    {
        var store = new JarStore(UploadDir, TestPackages.Small with { MaxCompressionRatio = 100_000 });
        var jar = await UploadProgramAsync(store);
        // The stored file changes under the store: data that breaks after a part was written.
        File.WriteAllBytes(jar.Path, HostilePackages.Zip(HostilePackages.Zeros("large.bin", 2), HostilePackages.Damaged("lib/damaged.bin")));

        var first = await Assert.ThrowsAsync<InvalidJobPackageException>(() => store.ExtractAsync(jar));
        Assert.Contains("is damaged", first.Message);
        Assert.Empty(TemporaryDirectories());
        await Assert.ThrowsAsync<InvalidJobPackageException>(() => store.ExtractAsync(jar));
        Assert.Equal(2, store.ExtractionCount);
        Assert.Empty(TemporaryDirectories());
    }

    [Fact]
    public async Task Deleting_a_package_removes_folders_an_earlier_extraction_left()
    {
        var store = new JarStore(UploadDir, TestPackages.Small);
        var jar = await UploadProgramAsync(store);
        await store.ExtractAsync(jar);
        Directory.CreateDirectory(Path.Combine(UploadDir, ".extracted", jar.Id + ".tmp-crashed", "lib"));

        Assert.True(store.Delete(jar.Id));

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(UploadDir, ".extracted")));
    }

    [Fact]
    public void Folders_an_earlier_run_left_are_removed_at_start_up()
    {
        Directory.CreateDirectory(Path.Combine(UploadDir, ".extracted", "x_Old.jar.tmp-crashed"));

        _ = new JarStore(UploadDir, TestPackages.Small);

        Assert.Empty(TemporaryDirectories());
    }

    [Fact]
    public async Task A_refused_upload_leaves_no_file()
    {
        var store = new JarStore(UploadDir, TestPackages.Small);

        var e = await Assert.ThrowsAsync<InvalidJobPackageException>(() =>
            store.UploadAsync(new MemoryStream(HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 16))), "Bomb.jar", CancellationToken.None));

        Assert.Contains("max-compression-ratio", e.Message);
        Assert.Empty(Directory.EnumerateFiles(UploadDir));
    }
}
