using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Brook.Cluster.JobManager;
using Brook.Core.Configuration;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>A local cluster of 2 TaskManagers × 2 slots for the job tests, with a short bound on job programs.</summary>
public class JobsClusterFixture : LocalClusterFixture
{
    /// <summary>Long enough for any real program's Main in a loaded test run, short enough for the stuck-program test.</summary>
    public static readonly TimeSpan SubmitTimeout = TimeSpan.FromSeconds(3);

    protected override void Configure(Configuration config) =>
        config.SetRaw(WebSubmissionOptions.SubmitTimeout.Key, $"{(int)SubmitTimeout.TotalMilliseconds} ms");

    public static string Package(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "packages", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"The job package {name} was not found in artifacts/packages above {AppContext.BaseDirectory}; build the test project first.");
    }

    /// <summary>POST /jars/upload with the given files in the multipart field jarfile.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> UploadAsync(params (string FileName, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
            form.Add(part, "jarfile", name);
        }
        using var response = await Http.PostAsync("/jars/upload", form);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.OK) OpenApiValidator.Default.AssertMatches("POST", "/jars/upload", 200, text);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    /// <summary>Uploads a built package and returns its jar id.</summary>
    public async Task<string> UploadPackageAsync(string packageName)
    {
        var (status, body) = await UploadAsync((packageName, await File.ReadAllBytesAsync(Package(packageName))));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("success", (string?)body["status"]);
        return Path.GetFileName((string)body["filename"]!);
    }

    public async Task<(HttpStatusCode Status, string Body)> SendJsonAsync(HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs a jar and returns the job id; the body is validated against the schema.</summary>
    public async Task<string> RunAsync(string jarId, string json)
    {
        var (status, body) = await SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run", json);
        Assert.True(status == HttpStatusCode.OK, $"run answered {(int)status}: {body}");
        OpenApiValidator.Default.AssertMatches("POST", "/jars/{jarid}/run", 200, body);
        return (string)JsonNode.Parse(body)!["jobid"]!;
    }

    public async Task<JsonNode> GetJsonAsync(string url, string template) =>
        JsonNode.Parse(await SendAndValidateAsync(HttpMethod.Get, url, template, HttpStatusCode.OK))!;

    /// <summary>
    /// Reads until the condition holds, reading again whenever the cluster reports a change (see
    /// <see cref="LocalClusterFixture.Progress"/>); fails after the timeout with the last body seen.
    /// </summary>
    public async Task<JsonNode> WaitForAsync(Func<Task<JsonNode>> read, Func<JsonNode, bool> condition, string what, TimeSpan? timeout = null)
    {
        JsonNode? last = null;
        try
        {
            await Progress.UntilAsync(async () => condition(last = await read()), what, timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message} Last body: {last?.ToJsonString()}");
        }
        return last!;
    }

    public Task<JsonNode> JobDetailsAsync(string jobId) => GetJsonAsync($"/jobs/{jobId}", "/jobs/:jobid");

    public Task<JsonNode> WaitForJobStatusAsync(string jobId, params string[] statuses) =>
        WaitForAsync(() => JobDetailsAsync(jobId), j => statuses.Contains((string?)j["state"]), $"job {jobId} to reach {string.Join("/", statuses)}");

    /// <summary>Errors answer {"errors":[...]}: the status and the joined texts.</summary>
    public static string Errors(string body) => string.Join("\n", JsonNode.Parse(body)!["errors"]!.AsArray().Select(e => (string?)e));
}
