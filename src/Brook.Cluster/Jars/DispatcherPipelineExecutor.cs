using Brook.Cluster.JobManager;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.JobGraph;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.Jars;

/// <summary>
/// Run mode of a job program (Flink's EmbeddedExecutor for web submission): translates the program's StreamGraph
/// to a JobGraph with the requested job id and submits it to the Dispatcher. Only one job per program run, as
/// Flink enforces for web submission. Each submitted job holds a lease on its package until it has ended, and its graph
/// names the package (<see cref="JobPackageReference"/>) so TaskManager processes can rebuild it.
/// </summary>
internal sealed class DispatcherPipelineExecutor(Dispatcher dispatcher, JobId? requestedJobId, JobPackageReference? package, Func<IDisposable> leasePackage)
    : IPipelineExecutor
{
    private readonly TaskCompletionSource<JobId> _submitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _executions;

    /// <summary>The job this program submitted, once it did.</summary>
    public JobId? SubmittedJob { get; private set; }

    /// <summary>Completes when the Dispatcher has accepted the program's job, while the program may go on running.</summary>
    public Task<JobId> Submitted => _submitted.Task;

    public Task<IJobClient> ExecuteAsync(StreamGraph streamGraph, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _executions) > 1)
            throw new InvalidOperationException("Cannot have more than one execute() or executeAsync() call in a single environment.");
        var jobGraph = JobGraphType.FromStreamGraph(streamGraph, requestedJobId ?? JobId.Generate(), package);
        var lease = leasePackage();
        try
        {
            dispatcher.SubmitJob(jobGraph, lease.Dispose);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        SubmittedJob = jobGraph.JobId;
        _submitted.TrySetResult(jobGraph.JobId);
        return Task.FromResult<IJobClient>(new DispatcherJobClient(dispatcher, jobGraph.JobId));
    }

    /// <summary>Follows a job on the Dispatcher.</summary>
    private sealed class DispatcherJobClient(Dispatcher dispatcher, JobId jobId) : IJobClient
    {
        public JobId JobId { get; } = jobId;

        public Task<JobStatus> GetJobStatusAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(dispatcher.RequestExecutionGraph(JobId)?.Graph.Status ?? throw new InvalidOperationException($"Job {JobId} is no longer known."));

        public Task CancelAsync(CancellationToken cancellationToken = default)
        {
            dispatcher.CancelJob(JobId);
            return Task.CompletedTask;
        }

        public async Task<JobExecutionResult> GetJobExecutionResultAsync(CancellationToken cancellationToken = default)
        {
            var result = dispatcher.RequestJobResult(JobId) ?? throw new InvalidOperationException($"Job {JobId} is no longer known.");
            var g = await result.WaitAsync(cancellationToken).ConfigureAwait(false);
            return g.Status switch
            {
                JobStatus.FINISHED => new JobExecutionResult(JobId, TimeSpan.FromMilliseconds(g.Duration),
                    g.Accumulators.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal)),
                JobStatus.CANCELED => throw new JobExecutionException(JobId, g.Status, $"Job {JobId} was cancelled.", null),
                _ => throw new JobExecutionException(JobId, g.Status, $"Job {JobId} execution failed: {g.FailureInfo?.Message}", null),
            };
        }
    }
}
