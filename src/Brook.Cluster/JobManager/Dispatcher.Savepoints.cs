using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Async;
using Brook.Runtime.Checkpointing;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.JobManager;

/// <summary>
/// Savepoints, stop-with-savepoint and savepoint disposal (Flink's Dispatcher with its
/// DispatcherCachedOperationsHandler): savepoint and stop operations share one cache keyed by job and trigger id,
/// so a retried trigger id starts nothing new; disposals have their own, keyed by trigger id. The job is not
/// checked when the trigger is registered: an unknown or finished job is a completed operation with its failure.
/// </summary>
public sealed partial class Dispatcher
{
    private CompletedOperationCache<AsynchronousJobOperationKey, string>? _savepointOperations;
    private CompletedOperationCache<OperationKey, string>? _disposals;

    private CompletedOperationCache<AsynchronousJobOperationKey, string> SavepointOperations =>
        LazyInitializer.EnsureInitialized(ref _savepointOperations, () => new CompletedOperationCache<AsynchronousJobOperationKey, string>(_configuration, _time));

    private CompletedOperationCache<OperationKey, string> Disposals =>
        LazyInitializer.EnsureInitialized(ref _disposals, () => new CompletedOperationCache<OperationKey, string>(_configuration, _time));

    /// <summary>Raised when a savepoint, stop-with-savepoint or disposal operation completed (successfully or not), so watchers re-read its status.</summary>
    public event Action? AsynchronousOperationCompleted;

    public string? DefaultSavepointDirectory => _configuration.Get(CoreOptions.SavepointDirectory);

    public void TriggerSavepoint(AsynchronousJobOperationKey key, string targetDirectory, bool cancelJob, SavepointFormatType format) =>
        SavepointOperations.TryRegister(key, () => Notifying(async () =>
        {
            var savepoint = await RunningJobMaster(key.JobId).TriggerSavepointAsync(targetDirectory, format, cancelJob).ConfigureAwait(false);
            return Location(savepoint);
        }));

    public void StopWithSavepoint(AsynchronousJobOperationKey key, string targetDirectory, bool drain, SavepointFormatType format) =>
        SavepointOperations.TryRegister(key, () => Notifying(async () =>
        {
            var savepoint = await RunningJobMaster(key.JobId).StopWithSavepointAsync(targetDirectory, format, drain).ConfigureAwait(false);
            return Location(savepoint);
        }));

    public OperationResult<string>? RequestSavepointStatus(AsynchronousJobOperationKey key) => SavepointOperations.Get(key);

    /// <summary>Disposes off the request thread; a savepoint that a running job reads or writes is refused.</summary>
    public void DisposeSavepoint(OperationKey key, string savepointPath) =>
        Disposals.TryRegister(key, () => Notifying(() => Task.Run(() =>
        {
            List<Runtime.JobMaster.JobMaster> running;
            lock (_lock) running = _jobs.Values.Select(j => j.JobMaster).OfType<Runtime.JobMaster.JobMaster>().Where(j => !j.Status.IsGloballyTerminal()).ToList();
            var directory = SavepointDisposal.Dispose(savepointPath, running.SelectMany(j => j.PathsInUse()));
            _log.LogInformation("Disposed of savepoint {Path}.", directory);
            return directory;
        })));

    public OperationResult<string>? RequestSavepointDisposalStatus(OperationKey key) => Disposals.Get(key);

    /// <summary>Runs the operation and raises <see cref="AsynchronousOperationCompleted"/> once its result is in the cache.</summary>
    private Task<string> Notifying(Func<Task<string>> operation)
    {
        var task = operation();
        // The cache records the result in its own continuation; this one runs after it (both run on completion, in order).
        task.ContinueWith(_ => ThreadPool.QueueUserWorkItem(_ => AsynchronousOperationCompleted?.Invoke()), TaskScheduler.Default);
        return task;
    }

    private Runtime.JobMaster.JobMaster RunningJobMaster(JobId jobId)
    {
        var jobMaster = Find(jobId)?.JobMaster;
        if (jobMaster is null || jobMaster.Status.IsGloballyTerminal()) throw new Rest.Handlers.FlinkJobNotFoundException(jobId);
        return jobMaster;
    }

    /// <summary>The location as Flink reports it: a file URI of the savepoint's directory (file:/path).</summary>
    internal static string Location(CompletedCheckpoint savepoint) => "file:" + savepoint.ExternalPointer!.Replace('\\', '/');
}
