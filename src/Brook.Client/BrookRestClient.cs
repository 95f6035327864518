using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Brook.Core.Ids;
using Brook.Rest.Messages;

namespace Brook.Client;

/// <summary>A typed client of Brook's (and Flink's) REST API over the server's own body records.</summary>
/// <param name="time">The clock of the waits between polls of an asynchronous operation (the system's by default).</param>
public sealed partial class BrookRestClient(HttpClient http, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public Task<ClusterOverviewWithVersion> GetOverviewAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/v1/overview", Json.ClusterOverviewWithVersion, cancellationToken);

    public Task<DashboardConfiguration> GetConfigAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/v1/config", Json.DashboardConfiguration, cancellationToken);

    public Task<TaskManagersInfo> GetTaskManagersAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/v1/taskmanagers", Json.TaskManagersInfo, cancellationToken);

    public Task<TaskManagerDetailsInfo> GetTaskManagerAsync(ResourceId id, CancellationToken cancellationToken = default) =>
        GetAsync($"/v1/taskmanagers/{id}", Json.TaskManagerDetailsInfo, cancellationToken);

    public Task<JobIdsWithStatusOverview> GetJobsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/v1/jobs", Json.JobIdsWithStatusOverview, cancellationToken);

    /// <summary>Asks the cluster to shut down; it answers before it stops.</summary>
    public async Task ShutDownClusterAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync("/v1/cluster", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
               ?? throw new BrookRestException((int)response.StatusCode, [$"{path} answered an empty body."]);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        IReadOnlyList<string> errors;
        try
        {
            errors = (await response.Content.ReadFromJsonAsync(Json.ErrorResponseBody, cancellationToken))?.Errors ?? [];
        }
        catch (JsonException)
        {
            errors = [await response.Content.ReadAsStringAsync(cancellationToken)];
        }
        throw new BrookRestException((int)response.StatusCode, errors);
    }
}
