using System.IO.Compression;
using Brook.Cluster.Jars;

namespace Brook.Cluster.Tests.Jars;

public sealed class JobPackageInspectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-jar-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The test assembly's own output is a runnable program (the test SDK generates its Main).</summary>
    private string PackageOfThisProgram()
    {
        var path = Path.Combine(_dir, $"program-{Guid.NewGuid():N}.jar");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory).Where(f => f.EndsWith(".dll") || f.EndsWith(".json")))
            zip.CreateEntryFromFile(file, Path.GetFileName(file));
        return path;
    }

    [Fact]
    public void Finds_the_entry_point_of_a_program_package()
    {
        var info = JobPackageInspector.Inspect(PackageOfThisProgram());

        Assert.Equal("Brook.Cluster.Tests.dll", info.EntryAssembly);
        Assert.Contains(info.EntryClass, info.MainClasses);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_a_zip()
    {
        var path = Path.Combine(_dir, "bad.jar");
        File.WriteAllText(path, "this is not a zip");

        var e = Assert.Throws<InvalidJobPackageException>(() => JobPackageInspector.Inspect(path));
        Assert.Contains("not a zip", e.Message);
    }

    [Fact]
    public void Rejects_a_package_without_an_entry_point()
    {
        var path = Path.Combine(_dir, "lib.jar");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            zip.CreateEntryFromFile(typeof(Brook.Core.Ids.JobId).Assembly.Location, "Brook.Core.dll");

        var e = Assert.Throws<InvalidJobPackageException>(() => JobPackageInspector.Inspect(path));
        Assert.Contains("no entry point", e.Message);
    }

    [Fact]
    public void Rejects_an_empty_zip()
    {
        var path = Path.Combine(_dir, "empty.zip");
        using (ZipFile.Open(path, ZipArchiveMode.Create)) { }

        var e = Assert.Throws<InvalidJobPackageException>(() => JobPackageInspector.Inspect(path));
        Assert.Contains("no .NET assembly", e.Message);
    }

    [Fact]
    public async Task Jar_store_keeps_valid_uploads_and_refuses_others()
    {
        var store = new JarStore(Path.Combine(_dir, "upload"));
        await using (var s = File.OpenRead(PackageOfThisProgram()))
        {
            var jar = await store.UploadAsync(s, "WordCount.jar", CancellationToken.None);
            Assert.EndsWith("_WordCount.jar", jar.Id);
            Assert.Equal("WordCount.jar", jar.Name);
        }
        await Assert.ThrowsAsync<InvalidJobPackageException>(() => store.UploadAsync(new MemoryStream([1, 2, 3]), "x.jar", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidJobPackageException>(() => store.UploadAsync(new MemoryStream([1, 2, 3]), "x.txt", CancellationToken.None));

        var listed = Assert.Single(store.List());
        Assert.Single(Directory.EnumerateFiles(store.UploadDir));
        Assert.True(Directory.Exists(await store.ExtractAsync(listed)));
        Assert.True(store.Delete(listed.Id));
        Assert.Empty(store.List());
        Assert.False(store.Delete(listed.Id));

        // A restarted JobManager lists the packages still in a configured upload dir.
        await using (var s = File.OpenRead(PackageOfThisProgram())) await store.UploadAsync(s, "Again.jar", CancellationToken.None);
        Assert.Single(new JarStore(store.UploadDir).List());
    }
}
