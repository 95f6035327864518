using Brook.Rest.Handlers;
using Brook.Rest.Routing;
using Brook.TestSupport;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Brook.Rest.Tests;

/// <summary>Holds the served part of the endpoint table against Flink's OpenAPI document: path, verb, success status, parameters.</summary>
public sealed class SpecTableTests(ITestOutputHelper output)
{
    /// <summary>Endpoints Flink serves outside the OpenAPI document because they return files (README of the contract).</summary>
    private static readonly HashSet<string> FileEndpoints =
    [
        "/jobmanager/log", "/jobmanager/stdout", "/jobmanager/logs/:filename",
        "/taskmanagers/:taskmanagerid/log", "/taskmanagers/:taskmanagerid/stdout", "/taskmanagers/:taskmanagerid/logs/:filename",
    ];

    /// <summary>JSON endpoints Flink registers outside the OpenAPI document (its handler snapshot and the contract README list them).</summary>
    private static readonly HashSet<string> UndocumentedJsonEndpoints = ["GET /jars/:jarid/plan", "GET /jobs/:jobid/yarn-cancel"];

    private static readonly Lazy<YamlMappingNode> Paths = new(() =>
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(SharedContract.Find(SharedContract.OpenApiFile))));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["paths"];
    });

    private static int SpecEntryCount() => Paths.Value.Children.Values.Sum(v => ((YamlMappingNode)v).Children.Count);

    private static YamlMappingNode? Operation(RestEndpointSpec spec)
    {
        if (!Paths.Value.Children.TryGetValue(new YamlScalarNode(spec.OpenApiPath), out var path)) return null;
        return ((YamlMappingNode)path).Children.TryGetValue(new YamlScalarNode(spec.Verb.ToString().ToLowerInvariant()), out var op)
            ? (YamlMappingNode)op
            : null;
    }

    private static IEnumerable<string> ParameterNames(YamlMappingNode operation, string location) =>
        operation.Children.TryGetValue(new YamlScalarNode("parameters"), out var ps)
            ? ((YamlSequenceNode)ps).Children.Cast<YamlMappingNode>()
                .Where(p => ((YamlScalarNode)p["in"]).Value == location)
                .Select(p => ((YamlScalarNode)p["name"]).Value!)
            : [];

    [Fact]
    public void Every_served_json_endpoint_matches_the_openapi_document()
    {
        var served = 0;
        var problems = new List<string>();
        foreach (var spec in DispatcherEndpoints.Create(new FakeGateway(), TimeProvider.System).Select(e => e.Spec))
        {
            var name = $"{spec.Verb.ToString().ToUpperInvariant()} {spec.PathTemplate}";
            var operation = Operation(spec);
            if (operation is null)
            {
                if (!FileEndpoints.Contains(spec.PathTemplate) && !UndocumentedJsonEndpoints.Contains(name)) problems.Add($"{name} is not in the OpenAPI document");
                continue;
            }
            served++;
            var responses = (YamlMappingNode)operation["responses"];
            var statuses = responses.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
            if (!statuses.Contains(spec.SuccessStatus.ToString())) problems.Add($"{name}: success status {spec.SuccessStatus}, document has {string.Join(",", statuses)}");
            var documentedPath = ParameterNames(operation, "path").Order().ToList();
            var ourPath = spec.PathParameters.Select(p => p.Name).Order().ToList();
            if (!documentedPath.SequenceEqual(ourPath)) problems.Add($"{name}: path parameters [{string.Join(",", ourPath)}], document [{string.Join(",", documentedPath)}]");
            var documentedQuery = ParameterNames(operation, "query").Order().ToList();
            var ourQuery = spec.QueryParameters.Select(p => p.Name).Order().ToList();
            if (!documentedQuery.SequenceEqual(ourQuery)) problems.Add($"{name}: query parameters [{string.Join(",", ourQuery)}], document [{string.Join(",", documentedQuery)}]");
            var documentsJson = responses.Children.TryGetValue(new YamlScalarNode(spec.SuccessStatus.ToString()), out var response)
                                && ((YamlMappingNode)response).Children.ContainsKey(new YamlScalarNode("content"));
            if (documentsJson != (spec.ResponseBody is not null && spec.ResponseBody.Type.Name != "EmptyResponseBody"))
            {
                problems.Add($"{name}: the document {(documentsJson ? "has" : "has no")} response body, we send {spec.ResponseBody?.Type.Name ?? "a file"}");
            }
        }
        var summary = $"served {served} of {SpecEntryCount()} spec entries";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(69, SpecEntryCount());
        Assert.True(served == SpecEntryCount(), summary);
    }
}
