using System.IO.Compression;
using Brook.Cluster.Jars;
using Brook.TestSupport;

namespace Brook.Cluster.Tests.Jars;

/// <summary>Zip bombs, escaping names and damaged data against inspection and extraction, with small limits.</summary>
public sealed class HostileJobPackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-hostile-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(byte[] zip)
    {
        var path = Path.Combine(_dir, $"package-{Guid.NewGuid():N}.jar");
        File.WriteAllBytes(path, zip);
        return path;
    }

    /// <summary>The test assembly's own output is a runnable program (the test SDK generates its Main).</summary>
    private string Program()
    {
        var path = Path.Combine(_dir, $"program-{Guid.NewGuid():N}.jar");
        File.WriteAllBytes(path, TestPackages.Program);
        return path;
    }

    private static string Refused(string path) =>
        Assert.Throws<InvalidJobPackageException>(() => JobPackageInspector.Inspect(path, TestPackages.Small)).Message;

    [Fact]
    public void A_program_package_passes_the_limits()
    {
        var info = JobPackageInspector.Inspect(Program(), TestPackages.Small);
        Assert.Equal("Brook.Cluster.Tests.dll", info.EntryAssembly);
    }

    [Fact]
    public void A_bomb_by_ratio_is_refused()
    {
        var path = Write(HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 16)));
        Assert.Contains("web.upload.package.max-compression-ratio", Refused(path));
    }

    [Fact]
    public void A_bomb_whose_headers_lie_about_its_size_expands_no_further_than_they_say()
    {
        // 64 MiB of zeros declared as 1 KiB: the reader stops at the declared size, so the program is not a program.
        var path = Write(HostilePackages.Zip(HostilePackages.Zeros("Bomb.dll", 64, declaredSize: 1024)));
        Assert.Contains("no entry point", Refused(path));
    }

    [Fact]
    public void Many_small_bombs_are_refused_by_the_ratio_of_the_whole_package()
    {
        // Each entry stays under the size the ratio of one entry is checked from; together they are a bomb.
        var path = Write(HostilePackages.Zip(Enumerable.Range(0, 40).Select(i => HostilePackages.Zeros($"part{i}.bin", 1))));
        Assert.Contains("times its size", Refused(path));
    }

    [Fact]
    public void A_bomb_by_entry_count_is_refused_before_its_directory_is_read()
    {
        var path = Write(HostilePackages.Zip(Enumerable.Range(0, 300).Select(i => HostilePackages.Stored($"f{i}", []))));
        Assert.Contains("300 entries, more than web.upload.package.max-entries (200)", Refused(path));
    }

    [Fact]
    public void An_entry_larger_than_the_limit_is_refused()
    {
        var limits = TestPackages.Small with { MaxCompressionRatio = 100_000 };
        var path = Write(HostilePackages.Zip(HostilePackages.Zeros("big.bin", 30)));
        var e = Assert.Throws<InvalidJobPackageException>(() => JobPackageInspector.Inspect(path, limits));
        Assert.Contains("web.upload.package.max-entry-size", e.Message);
    }

    [Fact]
    public void A_package_expanding_beyond_the_total_limit_is_refused()
    {
        var limits = TestPackages.Small with { MaxCompressionRatio = 100_000 };
        var path = Write(HostilePackages.Zip(Enumerable.Range(0, 3).Select(i => HostilePackages.Zeros($"part{i}.bin", 20))));
        var e = Assert.Throws<InvalidJobPackageException>(() => JobPackageInspector.Inspect(path, limits));
        Assert.Contains("web.upload.package.max-expanded-size", e.Message);
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("lib/../../escaped.txt")]
    [InlineData("/etc/escaped.txt")]
    [InlineData("C:/escaped.txt")]
    [InlineData("..\\escaped.txt")]
    [InlineData("\\\\server\\share\\escaped.txt")]
    [InlineData("escaped.txt:stream")]
    public void An_entry_escaping_the_folder_is_refused_even_after_a_large_entry(string name)
    {
        var path = Write(HostilePackages.Zip(HostilePackages.Zeros("large.bin", 1), HostilePackages.Stored(name, [1, 2, 3])));
        Assert.Contains("outside the package's folder", Refused(path));
    }

    [Fact]
    public void Damaged_deflate_data_is_an_invalid_package()
    {
        var path = Write(HostilePackages.Zip(HostilePackages.Stored("Program.dll", [1, 2]), HostilePackages.Damaged("lib/damaged.bin")));
        Assert.Contains("is damaged", Refused(path));
    }
}
