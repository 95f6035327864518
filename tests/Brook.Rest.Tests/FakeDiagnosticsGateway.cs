using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.Tasks;
using Brook.TestSupport;

namespace Brook.Rest.Tests;

/// <summary>Fixed thread dumps, samples and TaskManager log locations; records the sampling requests it gets.</summary>
internal sealed class FakeDiagnosticsGateway : IDiagnosticsGateway
{
    public List<ThreadInfoSample> JobManagerThreads { get; } = [];

    public Dictionary<ResourceId, List<ThreadInfoSample>> TaskManagerThreads { get; } = [];

    public Dictionary<ResourceId, TaskManagerLogLocation> Logs { get; } = [];

    /// <summary>
    /// Answers every sampling request; a test completes it when it wants the samples to arrive, and the tracker's
    /// continuation runs inline, so the samples are stored when the completion returns.
    /// </summary>
    public TaskCompletionSource<IReadOnlyDictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>> Samples { get; set; } = new();

    /// <summary>Pulsed by every sampling request.</summary>
    public ProgressSignal Requests { get; } = new();

    public List<IReadOnlyCollection<(ResourceId TaskManager, ExecutionAttemptId Attempt)>> SampleRequests { get; } = [];

    public Task<IReadOnlyList<ThreadInfoSample>> RequestJobManagerThreadDumpAsync(int maxDepth, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ThreadInfoSample>>(JobManagerThreads);

    public Task<IReadOnlyList<ThreadInfoSample>?> RequestTaskManagerThreadDumpAsync(ResourceId taskManager, int maxDepth, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ThreadInfoSample>?>(TaskManagerThreads.GetValueOrDefault(taskManager));

    public Task<IReadOnlyDictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>> RequestThreadInfoSamplesAsync(
        IReadOnlyCollection<(ResourceId TaskManager, ExecutionAttemptId Attempt)> tasks, ThreadInfoSamplesRequest request, CancellationToken cancellationToken)
    {
        var answer = Samples.Task;
        lock (SampleRequests) SampleRequests.Add(tasks);
        Requests.Pulse();
        return answer;
    }

    public TaskManagerLogLocation? RequestTaskManagerLogs(ResourceId taskManager) => Logs.GetValueOrDefault(taskManager);
}
