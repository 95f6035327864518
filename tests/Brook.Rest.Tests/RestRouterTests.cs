using Brook.Rest.Messages;
using Brook.Rest.Routing;

namespace Brook.Rest.Tests;

public sealed class RestRouterTests
{
    private static RestEndpoint Endpoint(RestVerb verb, string path) =>
        new(new RestEndpointSpec(verb, path, [], [], RestJsonContext.Default.EmptyRequestBody, RestJsonContext.Default.EmptyResponseBody, 200, path),
            (_, _) => throw new InvalidOperationException());

    private static readonly RestRouter Router = new([
        Endpoint(RestVerb.Get, "/jobs/:jobid"),
        Endpoint(RestVerb.Get, "/jobs/overview"),
        Endpoint(RestVerb.Get, "/jobs"),
        Endpoint(RestVerb.Patch, "/jobs/:jobid"),
        Endpoint(RestVerb.Get, "/jobs/:jobid/vertices/:vertexid"),
    ]);

    private static RouteMatch? Match(RestVerb verb, string path) => Router.Match(verb, RestRouter.DecodePathTokens(path));

    [Fact]
    public void Literal_segments_win_over_parameters_whatever_the_registration_order()
    {
        Assert.Equal("/jobs/overview", Match(RestVerb.Get, "/jobs/overview")!.Endpoint.Spec.PathTemplate);
        var m = Match(RestVerb.Get, "/jobs/abc")!;
        Assert.Equal("/jobs/:jobid", m.Endpoint.Spec.PathTemplate);
        Assert.Equal("abc", m.PathParameters["jobid"]);
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/v1/jobs")]
    [InlineData("/jobs/")]
    [InlineData("/v1/jobs/")]
    [InlineData("jobs")]
    public void Routes_are_served_under_v1_and_unversioned_with_trailing_slashes(string path) =>
        Assert.Equal("/jobs", Match(RestVerb.Get, path)!.Endpoint.Spec.PathTemplate);

    [Theory]
    [InlineData("/v2/jobs")]
    [InlineData("/v0/jobs")]
    [InlineData("/V1/jobs")]
    [InlineData("/Jobs")]
    [InlineData("/jobs/a/b")]
    public void Other_versions_case_mismatches_and_unknown_paths_do_not_match(string path) =>
        Assert.Null(Match(RestVerb.Get, path));

    [Fact]
    public void A_known_path_with_another_verb_does_not_match()
    {
        Assert.Null(Match(RestVerb.Post, "/jobs"));
        Assert.Null(Match(RestVerb.Delete, "/jobs/abc"));
        Assert.NotNull(Match(RestVerb.Patch, "/jobs/abc"));
    }

    [Fact]
    public void Path_tokens_are_url_decoded_after_splitting()
    {
        var m = Match(RestVerb.Get, "/jobs/a%2Fb")!;
        Assert.Equal("a/b", m.PathParameters["jobid"]);
        Assert.Equal("x y", Match(RestVerb.Get, "/jobs/x%20y")!.PathParameters["jobid"]);
        var nested = Match(RestVerb.Get, "/v1/jobs/j/vertices/v")!;
        Assert.Equal(("j", "v"), (nested.PathParameters["jobid"], nested.PathParameters["vertexid"]));
    }

    [Fact]
    public void Duplicate_routes_are_rejected_at_start_up()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new RestRouter([Endpoint(RestVerb.Get, "/a/:x"), Endpoint(RestVerb.Get, "/a/:y")]));
        Assert.Contains("Duplicate", e.Message);
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public void Methods_outside_the_api_have_no_verb(string method) => Assert.Null(RestRouter.ParseVerb(method));
}

/// <summary>The served table: metric routes with a literal where another route has a parameter reach the metric handlers.</summary>
public sealed class MetricRouteTests
{
    private static readonly RestRouter Table = new(Brook.Rest.Handlers.DispatcherEndpoints.Create(new FakeGateway(), TimeProvider.System));

    [Theory]
    [InlineData("/jobs/metrics", "/jobs/metrics")]
    [InlineData("/v1/taskmanagers/metrics", "/taskmanagers/metrics")]
    [InlineData("/jobs/0123456789abcdef0123456789abcdef/vertices/0123456789abcdef0123456789abcdef/subtasks/metrics",
        "/jobs/:jobid/vertices/:vertexid/subtasks/metrics")]
    [InlineData("/jobs/0123456789abcdef0123456789abcdef/vertices/0123456789abcdef0123456789abcdef/subtasks/3/metrics",
        "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics")]
    [InlineData("/jobs/0123456789abcdef0123456789abcdef/metrics", "/jobs/:jobid/metrics")]
    [InlineData("/taskmanagers/0123456789abcdef0123456789abcdef", "/taskmanagers/:taskmanagerid")]
    public void Literal_segments_win_over_parameters(string path, string template) =>
        Assert.Equal(template, Table.Match(RestVerb.Get, RestRouter.DecodePathTokens(path))!.Endpoint.Spec.PathTemplate);
}
