using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Microsoft.Extensions.Logging;

namespace Brook.Runtime.JobMaster;

/// <summary>Savepoints and stop-with-savepoint (Flink's SchedulerBase.triggerSavepoint and stopWithSavepoint).</summary>
public sealed partial class JobMaster
{
    private int _stopWithSavepointInProgress;

    /// <summary>Whether every source can replay what it read, so the job can be stopped with a savepoint.</summary>
    public bool IsStoppable => _jobGraph.Vertices.Where(v => v.IsSource).All(v => v.Head.Source!.Accept(ReplayableSource.Instance));

    /// <summary>
    /// Takes a savepoint into a new directory under <paramref name="targetDirectory"/>; with <paramref name="cancelJob"/>
    /// the job is cancelled once it completed. Faults with the reason when the savepoint fails (the job runs on).
    /// </summary>
    public async Task<CompletedCheckpoint> TriggerSavepointAsync(string targetDirectory, SavepointFormatType format, bool cancelJob)
    {
        var savepoint = await _checkpointCoordinator.TriggerSavepointAsync(targetDirectory, format).ConfigureAwait(false);
        _log.LogInformation("Savepoint {Id} of job {JobId} stored in {Path}.", savepoint.CheckpointId, JobId, savepoint.ExternalPointer);
        if (cancelJob) Cancel();
        return savepoint;
    }

    /// <summary>
    /// Stop-with-savepoint: periodic checkpoints pause; the synchronous savepoint is taken (after draining with
    /// <paramref name="drain"/>); when it completed every task ends and the job reaches FINISHED, and the savepoint
    /// is returned. When the savepoint fails the tasks resume, periodic checkpoints go on, and the failure is thrown.
    /// </summary>
    public async Task<CompletedCheckpoint> StopWithSavepointAsync(string targetDirectory, SavepointFormatType format, bool drain)
    {
        if (!IsStoppable)
            throw new CheckpointException(CheckpointFailureReason.NotAllRequiredTasksRunning,
                $"Job {JobId} reads a source that cannot replay what it read (a socket), so it cannot be stopped with a savepoint.");
        if (Interlocked.Exchange(ref _stopWithSavepointInProgress, 1) == 1)
            throw new InvalidOperationException($"A stop-with-savepoint of job {JobId} is already in progress.");
        CompletedCheckpoint savepoint;
        try
        {
            _checkpointCoordinator.StopCheckpointScheduler();
            savepoint = await _checkpointCoordinator.TriggerSynchronousSavepointAsync(targetDirectory, format, drain).ConfigureAwait(false);
        }
        catch
        {
            if (Status == JobStatus.RUNNING) _checkpointCoordinator.StartCheckpointScheduler();
            Volatile.Write(ref _stopWithSavepointInProgress, 0);
            throw;
        }
        _log.LogInformation("Stop-with-savepoint {Id} of job {JobId} stored in {Path}; the tasks finish.", savepoint.CheckpointId, JobId, savepoint.ExternalPointer);
        var result = await ResultTask.ConfigureAwait(false);
        if (result.Status != JobStatus.FINISHED)
            throw new InvalidOperationException(
                $"The savepoint {savepoint.ExternalPointer} of job {JobId} completed, but the job then reached {result.Status} instead of FINISHED.", result.Failure);
        return savepoint;
    }

    /// <summary>The directories this job reads or owns: the snapshot it restored from and its checkpoint storage (never disposed of while it runs).</summary>
    public IReadOnlyList<string> PathsInUse()
    {
        var paths = new List<string>();
        if (_checkpointCoordinator.RestoredCheckpoint?.ExternalPointer is { } restored) paths.Add(restored);
        paths.AddRange(_checkpointCoordinator.CompletedCheckpoints.Select(c => c.ExternalPointer).OfType<string>());
        if (_checkpointCoordinator.Storage is CheckpointStorageRouter { Checkpoints: FileSystemCheckpointStorage fs }) paths.Add(fs.JobDirectory);
        return paths;
    }

    private sealed class ReplayableSource : Streaming.Graph.ISourceVisitor<bool>
    {
        public static readonly ReplayableSource Instance = new();

        public bool Visit<T, TSplit>(Streaming.Sources.ISource<T, TSplit> source) where TSplit : Streaming.Sources.ISourceSplit =>
            source is not Streaming.Sources.INonReplayableSource;
    }
}
