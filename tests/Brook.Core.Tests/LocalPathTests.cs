using Brook.Core.Configuration;
using Brook.Core.FileSystem;

namespace Brook.Core.Tests;

public sealed class LocalPathTests
{
    [Theory]
    [InlineData("file:///tmp/brook-checkpoints", "/tmp/brook-checkpoints")]
    [InlineData("file:/tmp/brook-checkpoints", "/tmp/brook-checkpoints")]
    [InlineData("  /tmp/brook-checkpoints  ", "/tmp/brook-checkpoints")]
    [InlineData("/tmp/a/../brook-checkpoints", "/tmp/brook-checkpoints")]
    public void Paths_and_file_uris_name_the_same_local_directory(string location, string expected) =>
        Assert.Equal(expected, LocalPath.Resolve(location));

    [Fact]
    public void A_relative_path_is_taken_from_the_working_directory_and_a_colon_in_a_name_is_no_scheme()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "checkpoints"), LocalPath.Resolve("checkpoints"));
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "a:b"), LocalPath.Resolve("a:b"));
    }

    [Theory]
    [InlineData("s3://bucket/checkpoints", "s3")]
    [InlineData("hdfs://namenode:8020/flink", "hdfs")]
    public void Another_file_system_is_refused_naming_its_scheme(string location, string scheme)
    {
        var e = Assert.Throws<ArgumentException>(() => LocalPath.Resolve(location));
        Assert.Contains($"Could not find a file system implementation for scheme '{scheme}'.", e.Message);

        // Before, such a location became a directory named "s3:" under the working directory.
        var invalid = Assert.Throws<ConfigurationException>(() => CheckpointingOptions.Directory.Validate(location));
        Assert.Contains($"'{location}' for key '{CheckpointingOptions.Directory.Key}'", invalid.Message);
    }

    [Fact]
    public void The_directory_options_read_file_uris_as_local_paths()
    {
        var c = new Configuration.Configuration()
            .SetRaw(CheckpointingOptions.Directory.Key, "file:///tmp/ckpt")
            .SetRaw(CoreOptions.SavepointDirectory.Key, "file:/tmp/sp");
        Assert.Equal("/tmp/ckpt", c.Get(CheckpointingOptions.Directory));
        Assert.Equal("/tmp/sp", c.Get(CoreOptions.SavepointDirectory));
    }
}
