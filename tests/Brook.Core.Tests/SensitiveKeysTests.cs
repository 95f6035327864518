using Brook.Core.Configuration;

namespace Brook.Core.Tests;

public sealed class SensitiveKeysTests
{
    [Theory]
    [InlineData("password123")]
    [InlineData("123pasSword")]
    [InlineData("Secret")]
    [InlineData("s3.secret-key")]
    [InlineData("my.password")]
    [InlineData("fs.azure.account.key.acct.blob.core.windows.net")]
    [InlineData("metrics.reporter.dghttp.apikey")]
    [InlineData("openai.api-key")]
    [InlineData("pulsar.client.auth-params")]
    [InlineData("foo.service-key")]
    [InlineData("security.delegation.token.provider")]
    [InlineData("kafka.basic-auth.user-info")]
    [InlineData("properties.sasl.jaas.config")]
    [InlineData("gateway.http-headers")]
    public void Keys_holding_one_of_flinks_fragments_are_sensitive(string key) => Assert.True(SensitiveKeys.IsSensitive(key));

    [Theory]
    [InlineData("Hello")]
    [InlineData("rest.port")]
    [InlineData("s3.access-key")]
    [InlineData("s3.endpoint")]
    [InlineData("fs.azure.account.name")]
    public void Other_keys_are_shown(string key) => Assert.False(SensitiveKeys.IsSensitive(key));

    [Fact]
    public void Masking_replaces_only_sensitive_values()
    {
        var masked = SensitiveKeys.Mask([KeyValuePair.Create("s3.secret-key", "abc"), KeyValuePair.Create("rest.port", "8081")]);
        Assert.Equal([KeyValuePair.Create("s3.secret-key", "******"), KeyValuePair.Create("rest.port", "8081")], masked);
    }

    [Fact]
    public void Command_line_values_of_sensitive_keys_are_hidden_in_every_form()
    {
        string[] args =
        [
            "/opt/brook/brook.dll", "cluster", "-Ds3.secret-key=s3-value", "-D", "my.password=pw-value", "-Drest.port=8082",
            "--token", "token-value", "--api-key=key-value", "-n", "2",
        ];
        Assert.Equal(
            ["/opt/brook/brook.dll", "cluster", "-Ds3.secret-key=******", "-D", "my.password=******", "-Drest.port=8082",
                "--token", "******", "--api-key=******", "-n", "2"],
            SensitiveKeys.MaskArguments(args));
    }

    [Fact]
    public void A_bad_value_of_a_sensitive_key_is_not_quoted_in_the_error()
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfigParsers.Wrap("my.password", "hunter2", ConfigParsers.Int));
        Assert.DoesNotContain("hunter2", e.ToString());
        Assert.Contains("my.password", e.Message);
        Assert.Contains("'oops'", Assert.Throws<ConfigurationException>(() => ConfigParsers.Wrap("rest.port", "oops", ConfigParsers.Int)).Message);
    }
}
