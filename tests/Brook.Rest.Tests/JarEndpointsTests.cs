using Brook.Rest.Gateway;
using Brook.Rest.Handlers;

namespace Brook.Rest.Tests;

public sealed class JarEndpointsTests
{
    [Fact]
    public void A_single_program_argument_string_is_split_like_flink_does()
    {
        Assert.Equal(["a", "b c", "d e", "f", ""], JarEndpoints.Tokenize("a \"b c\"  'd e' f ''"));
        Assert.Empty(JarEndpoints.Tokenize("   "));
    }

    [Fact]
    public void Jar_lists_carry_the_address_and_every_entry_class()
    {
        var list = JarEndpoints.List("http://localhost:8081/", [new JarSnapshot("id_job.jar", "job.jar", 5, ["A.Program", "A.Other"])]);
        Assert.Equal("http://localhost:8081", list.Address);
        Assert.Equal(["A.Program", "A.Other"], list.Files.Single().Entry.Select(e => e.Name));
    }
}
