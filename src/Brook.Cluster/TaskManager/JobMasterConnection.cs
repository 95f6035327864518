using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Runtime.Tasks;
using Microsoft.Extensions.Logging;
using TaskMetricsSnapshot = Brook.Runtime.Metrics.TaskMetricsSnapshot;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A TaskManager process's messages to the JobMasters of its tasks (Flink's JobMasterGateway as a TaskExecutor uses it):
/// task states, checkpoint acknowledgements and declines, final-checkpoint reports, operator events and live metrics, all
/// on the JobManager's RPC endpoint and in the order the tasks sent them.
/// </summary>
internal sealed class JobMasterConnection
{
    private readonly JobMasterGateway.JobMasterGatewayClient _client;
    private readonly OrderedRpcQueue _calls;

    public JobMasterConnection(ResourceId taskManager, JobMasterGateway.JobMasterGatewayClient client, string target, ILogger log)
    {
        TaskManager = taskManager;
        _client = client;
        _calls = new OrderedRpcQueue("JobManager " + target, log);
    }

    public ResourceId TaskManager { get; }

    private static DateTime Deadline => DateTime.UtcNow + OrderedRpcQueue.CallTimeout;

    public TaskAttempt Attempt(JobId job, ExecutionAttemptId attempt) => DeploymentMessages.Attempt(TaskManager, job, attempt);

    public void UpdateTaskExecutionState(JobId job, TaskStateUpdate update)
    {
        var m = new TaskExecutionState { Attempt = Attempt(job, update.AttemptId), State = (int)update.State };
        if (update.Failure is { } failure) m.Failure = DeploymentMessages.ToMessage(failure);
        if (update.Metrics is { } metrics) m.Metrics = DeploymentMessages.ToMessage(metrics);
        m.Accumulators.AddRange(DeploymentMessages.ToMessage(update.Accumulators));
        _calls.Post($"UpdateTaskExecutionState {update.AttemptId} {update.State}", ct => _client.UpdateTaskExecutionStateAsync(m, deadline: Deadline, cancellationToken: ct).ResponseAsync);
    }

    public void Post(string name, Func<JobMasterGateway.JobMasterGatewayClient, DateTime, CancellationToken, Task> call, Action<Exception>? onFailure = null,
        Action? onDropped = null) =>
        _calls.Post(name, ct => call(_client, Deadline, ct), onFailure, onDropped);

    public void ReportTaskMetrics(IReadOnlyList<(JobId Job, ExecutionAttemptId Attempt, TaskMetricsSnapshot Metrics,
        IReadOnlyDictionary<string, Streaming.Accumulators.IAccumulator> Accumulators)> tasks)
    {
        var m = new TaskMetricsReport { ResourceId = TaskManager.Hex };
        foreach (var t in tasks)
        {
            var a = new AttemptMetrics { JobId = t.Job.Hex, AttemptId = t.Attempt.Hex, Metrics = DeploymentMessages.ToMessage(t.Metrics) };
            a.Accumulators.AddRange(DeploymentMessages.ToMessage(t.Accumulators));
            m.Attempts.Add(a);
        }
        _calls.Post("ReportTaskMetrics", ct => _client.ReportTaskMetricsAsync(m, deadline: Deadline, cancellationToken: ct).ResponseAsync);
    }

    /// <summary>Sends what is still queued (the final states of cancelled tasks), for at most <paramref name="timeout"/>.</summary>
    public Task DrainAsync(TimeSpan timeout) => _calls.DrainAsync(timeout);
}
