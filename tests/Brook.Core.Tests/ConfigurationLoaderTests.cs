using Brook.Core.Configuration;
using FlinkConfiguration = Brook.Core.Configuration.Configuration;

namespace Brook.Core.Tests;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-conf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FlinkConfiguration Load(string yaml, params string[] dynamicProperties)
    {
        File.WriteAllText(Path.Combine(_dir, ConfigurationLoader.FileName), yaml);
        return ConfigurationLoader.Load(_dir, dynamicProperties);
    }

    [Fact]
    public void Defaults_are_flinks()
    {
        var config = ConfigurationLoader.Load(null, []);
        Assert.Equal(8081, config.Get(CoreOptions.RestPort));
        Assert.Equal("localhost", config.Get(CoreOptions.RestBindAddress));
        Assert.Equal(1, config.Get(CoreOptions.NumberOfTaskSlots));
        Assert.Equal(104_857_600L, config.Get(CoreOptions.RestServerMaxContentLength));
        Assert.Equal(TimeSpan.FromMinutes(5), config.Get(CoreOptions.RestAsyncStoreDuration));
        Assert.Null(config.Get(CoreOptions.WebAccessControlAllowOrigin));
        Assert.Equal(TimeSpan.FromSeconds(50), config.Get(CoreOptions.HeartbeatTimeout));
        Assert.Null(config.Get(CoreOptions.CheckpointingInterval));
    }

    [Fact]
    public void Nested_and_flat_dotted_keys_both_work()
    {
        var config = Load("""
            rest:
              port: 9091
              bind-address: 0.0.0.0
            taskmanager.numberOfTaskSlots: 4
            taskmanager:
              memory.managed.size: 256m
            execution.checkpointing.interval: 10 s
            """);
        Assert.Equal(9091, config.Get(CoreOptions.RestPort));
        Assert.Equal("0.0.0.0", config.Get(CoreOptions.RestBindAddress));
        Assert.Equal(4, config.Get(CoreOptions.NumberOfTaskSlots));
        Assert.Equal(256L << 20, config.Get(CoreOptions.TaskManagerManagedMemory));
        Assert.Equal(TimeSpan.FromSeconds(10), config.Get(CoreOptions.CheckpointingInterval));
    }

    [Fact]
    public void Dynamic_properties_override_the_file()
    {
        var config = Load("rest.port: 9091\nparallelism.default: 3\n", "rest.port=9092", "-Dweb.access-control-allow-origin=https://x.example");
        Assert.Equal(9092, config.Get(CoreOptions.RestPort));
        Assert.Equal(3, config.Get(CoreOptions.ParallelismDefault));
        Assert.Equal("https://x.example", config.Get(CoreOptions.WebAccessControlAllowOrigin));
    }

    [Fact]
    public void Unknown_keys_are_kept_for_the_config_endpoint()
    {
        var config = Load("some.plugin.option: yes\n");
        Assert.Contains(config.Entries(), e => e.Key == "some.plugin.option" && e.Value == "yes");
    }

    [Theory]
    [InlineData("rest.port: eighty\n", "rest.port", "eighty")]
    [InlineData("rest:\n  port: 70000\n", "rest.port", "70000")]
    [InlineData("taskmanager.numberOfTaskSlots: 0\n", "taskmanager.numberOfTaskSlots", "0")]
    [InlineData("heartbeat.timeout: 5 parsecs\n", "heartbeat.timeout", "5 parsecs")]
    [InlineData("taskmanager.memory.managed.size: lots\n", "taskmanager.memory.managed.size", "lots")]
    [InlineData("rest.async.store-duration: -1 s\n", "rest.async.store-duration", "-1 s")]
    public void An_invalid_value_fails_at_start_up_naming_key_and_value(string yaml, string key, string value)
    {
        var e = Assert.Throws<ConfigurationException>(() => Load(yaml));
        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Fact]
    public void An_invalid_dynamic_property_fails_naming_key_and_value()
    {
        var e = Assert.Throws<ConfigurationException>(() => Load("", "rest.port=abc"));
        Assert.Contains("'rest.port'", e.Message);
        Assert.Contains("'abc'", e.Message);
        Assert.Throws<ConfigurationException>(() => ConfigurationLoader.ParseDynamicProperty("-Dnovalue"));
    }

    [Fact]
    public void A_missing_conf_dir_and_malformed_yaml_are_errors()
    {
        Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(Path.Combine(_dir, "absent"), []));
        Assert.Throws<ConfigurationException>(() => Load("rest: [unclosed\n"));
        Assert.Throws<ConfigurationException>(() => Load("- just\n- a list\n"));
    }

    [Fact]
    public void An_empty_file_gives_the_defaults() => Assert.Equal(8081, Load("").Get(CoreOptions.RestPort));

    [Theory]
    [InlineData("100", 100)]
    [InlineData("100 ms", 100)]
    [InlineData("10 s", 10_000)]
    [InlineData("10s", 10_000)]
    [InlineData("5 min", 300_000)]
    [InlineData("2 h", 7_200_000)]
    [InlineData("1 d", 86_400_000)]
    public void Durations_parse_flinks_units(string text, long millis) =>
        Assert.Equal(TimeSpan.FromMilliseconds(millis), ConfigParsers.Duration(text));

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("64k", 64L << 10)]
    [InlineData("128m", 128L << 20)]
    [InlineData("128 mb", 128L << 20)]
    [InlineData("2g", 2L << 30)]
    [InlineData("1 tb", 1L << 40)]
    public void Memory_sizes_parse_flinks_units(string text, long bytes) => Assert.Equal(bytes, ConfigParsers.MemorySize(text));

    [Fact]
    public void Set_values_round_trip_through_their_formatted_form()
    {
        var config = new FlinkConfiguration()
            .Set(CoreOptions.HeartbeatTimeout, TimeSpan.FromSeconds(30))
            .Set(CoreOptions.TaskManagerManagedMemory, 256L << 20);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Get(CoreOptions.HeartbeatTimeout));
        Assert.Equal(256L << 20, config.Get(CoreOptions.TaskManagerManagedMemory));
        Assert.Contains(config.Entries(), e => e.Key == "heartbeat.timeout" && e.Value == "30 s");
    }
}
