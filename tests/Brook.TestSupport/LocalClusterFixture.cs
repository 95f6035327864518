using System.Net;
using System.Net.Http.Headers;
using Brook.Cluster;
using Brook.Core.Configuration;
using Xunit;

namespace Brook.TestSupport;

/// <summary>
/// A whole local cluster in the test process, REST on a free port, and an HttpClient pointed at it.
/// Logs go to a fresh temporary directory that is removed afterwards.
/// </summary>
public class LocalClusterFixture : IAsyncLifetime
{
    private LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public HttpClient Http { get; private set; } = null!;

    /// <summary>
    /// Pulsed by every change a REST view can show: job and execution states, archiving, slots, tasks starting and
    /// ending, metric views refreshing, packages unloading. Tests wait on it instead of sleeping between requests.
    /// </summary>
    public ProgressSignal Progress { get; } = new();

    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "brook-test-" + Guid.NewGuid().ToString("N"));

    public virtual int NumberOfTaskManagers => 2;

    public virtual int SlotsPerTaskManager => 2;

    /// <summary>Subclasses add or change settings here (the port is always 0 and the log directory private).</summary>
    protected virtual void Configure(Configuration config)
    {
    }

    public async Task InitializeAsync()
    {
        var config = new Configuration()
            .Set(CoreOptions.RestPort, 0)
            .Set(CoreOptions.NumberOfTaskSlots, SlotsPerTaskManager)
            .SetRaw(CoreOptions.LogDir.Key, LogDirectory);
        Configure(config);
        _cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(NumberOfTaskManagers));
        _cluster.Dispatcher.JobChanged += _ => Progress.Pulse();
        _cluster.Dispatcher.AsynchronousOperationCompleted += Progress.Pulse;
        _cluster.ResourceManager.SlotsChanged += Progress.Pulse;
        _cluster.Jars.Packages.Unloaded += _ => Progress.Pulse();
        foreach (var te in _cluster.TaskExecutors)
        {
            te.TasksChanged += Progress.Pulse;
            te.MetricsRefreshed += Progress.Pulse;
        }
        Http = new HttpClient { BaseAddress = _cluster.RestAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>GETs (or sends) a request, checks the status, and validates the JSON body against the OpenAPI schema of the endpoint.</summary>
    public async Task<string> SendAndValidateAsync(HttpMethod method, string url, string pathTemplate, HttpStatusCode expected)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(method, url));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" }, response.Content.Headers.ContentType);
        OpenApiValidator.Default.AssertMatches(method.Method, pathTemplate, (int)expected, body);
        return body;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_cluster is not null) await _cluster.DisposeAsync();
        try
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
