using System.Net.Http.Json;
using Brook.Core.Ids;
using Brook.Rest.Messages;

namespace Brook.Client;

/// <summary>Savepoints, stop-with-savepoint and disposal: trigger, then poll the status as Flink's RestClusterClient does.</summary>
public sealed partial class BrookRestClient
{
    /// <summary>Flink's RestClusterClient polls asynchronous operations with an exponential wait from 10 ms up to 2 s.</summary>
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(2);

    public async Task<string> TriggerSavepointAsync(JobId jobId, SavepointTriggerRequestBody request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync($"/v1/jobs/{jobId}/savepoints", request, Json.SavepointTriggerRequestBody, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(Json.TriggerResponse, cancellationToken))!.RequestId;
    }

    public async Task<string> StopWithSavepointAsync(JobId jobId, StopWithSavepointRequestBody request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync($"/v1/jobs/{jobId}/stop", request, Json.StopWithSavepointRequestBody, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(Json.TriggerResponse, cancellationToken))!.RequestId;
    }

    public Task<AsynchronousOperationResult<SavepointInfo>> GetSavepointStatusAsync(JobId jobId, string triggerId, CancellationToken cancellationToken = default) =>
        GetAsync($"/v1/jobs/{jobId}/savepoints/{Uri.EscapeDataString(triggerId)}", Json.AsynchronousOperationResultSavepointInfo, cancellationToken);

    /// <summary>Polls a savepoint or stop-with-savepoint until it completed; returns its location or throws with its failure.</summary>
    public async Task<string> WaitForSavepointAsync(JobId jobId, string triggerId, CancellationToken cancellationToken = default)
    {
        var status = await PollAsync(() => GetSavepointStatusAsync(jobId, triggerId, cancellationToken), s => s.Status.Id == QueueStatus.Completed.Id, cancellationToken);
        return status.Operation?.Location ?? throw new BrookRestException(200, [status.Operation?.FailureCause?.StackTrace ?? "The savepoint failed."]);
    }

    public async Task<string> TriggerSavepointDisposalAsync(string savepointPath, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("/v1/savepoint-disposal", new SavepointDisposalRequest(savepointPath), Json.SavepointDisposalRequest, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(Json.TriggerResponse, cancellationToken))!.RequestId;
    }

    /// <summary>Polls a disposal until it completed; throws with its failure.</summary>
    public async Task WaitForSavepointDisposalAsync(string triggerId, CancellationToken cancellationToken = default)
    {
        var status = await PollAsync(() => GetAsync($"/v1/savepoint-disposal/{Uri.EscapeDataString(triggerId)}", Json.AsynchronousOperationResultAsynchronousOperationInfo,
            cancellationToken), s => s.Status.Id == QueueStatus.Completed.Id, cancellationToken);
        if (status.Operation?.FailureCause is { } cause) throw new BrookRestException(200, [cause.StackTrace]);
    }

    private async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        var wait = FirstPoll;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            // Waiting between polls of the JobManager's operation status, not standing in for work.
            await Task.Delay(wait, _time, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestPoll.Ticks));
        }
    }
}
