using Brook.TestSupport;
using Xunit.Sdk;

namespace Brook.Rest.Tests;

/// <summary>The validator itself must catch what it is there to catch.</summary>
public sealed class OpenApiValidatorTests
{
    private static readonly OpenApiValidator Validator = OpenApiValidator.Default;

    [Fact]
    public void A_conforming_body_passes() =>
        Validator.AssertMatches("GET", "/jobs", 200, """{"jobs":[{"id":"0123456789abcdef0123456789abcdef","status":"RUNNING"}]}""");

    [Theory]
    [InlineData("""{"jobs":[{"id":"0123456789abcdef0123456789abcdef","status":"RUNING"}]}""")]
    [InlineData("""{"jobs":[{"id":"not-a-job-id","status":"RUNNING"}]}""")]
    [InlineData("""{"jobs":[{"jobId":"0123456789abcdef0123456789abcdef","status":"RUNNING"}]}""")]
    [InlineData("""{"jobs":"none"}""")]
    public void Wrong_values_types_and_undocumented_names_fail(string json) =>
        Assert.ThrowsAny<XunitException>(() => Validator.AssertMatches("GET", "/jobs", 200, json));

    [Fact]
    public void Nested_typos_are_found_through_references()
    {
        var e = Assert.ThrowsAny<XunitException>(() => Validator.AssertMatches("GET", "/taskmanagers", 200,
            """{"taskmanagers":[{"id":"0123456789abcdef0123456789abcdef","hardware":{"cpuCores":2,"physicalMem":1}}]}"""));
        Assert.Contains("physicalMem", e.Message);
    }

    [Fact]
    public void Flinks_documented_extra_fields_and_nulls_are_accepted()
    {
        Validator.AssertMatches("GET", "/jobs/:jobid/vertices/:vertexid/backpressure", 200,
            """{"status":"ok","backpressureLevel":"ok","backpressure-level":"ok","end-timestamp":1,"subtasks":[]}""");
        Validator.AssertMatches("GET", "/jobs/:jobid/savepoints/:triggerid", 200, """{"status":{"id":"IN_PROGRESS"},"operation":null}""");
        Validator.AssertMatches("GET", "/jobs/:jobid/savepoints/:triggerid", 200, """{"status":{"id":"COMPLETED"},"operation":{}}""");
    }

    [Fact]
    public void Metric_bodies_are_checked_as_the_bare_arrays_flink_writes()
    {
        Validator.AssertMatches("GET", "/jobs/:jobid/vertices/:vertexid/watermarks", 200, """[{"id":"0.currentInputWatermark","value":"1"},{"id":"x"}]""");
        Assert.ThrowsAny<XunitException>(() => Validator.AssertMatches("GET", "/jobs/:jobid/vertices/:vertexid/watermarks", 200,
            """{"metrics":[{"id":"0.currentInputWatermark","value":"1"}]}"""));
        Assert.ThrowsAny<XunitException>(() => Validator.AssertMatches("GET", "/jobs/:jobid/vertices/:vertexid/watermarks", 200,
            """[{"id":"0.currentInputWatermark","valu":"1"}]"""));
    }

    [Fact]
    public void Unknown_operations_are_reported() =>
        Assert.ThrowsAny<XunitException>(() => Validator.AssertMatches("GET", "/nothing", 200, "{}"));
}
