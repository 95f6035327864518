namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The coordinator's record of finished checkpoints (Flink's DefaultCheckpointStatsTracker): counts since the job
/// started, summaries over completed checkpoints, the latest completed, failed and restored ones, and a history
/// bounded by web.checkpoints.history. Mutated only under the coordinator's lock; in-progress checkpoints are
/// added to the snapshot by the coordinator, which knows them live.
/// </summary>
internal sealed class CheckpointStatsTracker(int historySize)
{
    private readonly LinkedList<CheckpointStatistics> _history = new();
    private readonly StatsSummary _stateSize = new();
    private readonly StatsSummary _endToEndDuration = new();
    private readonly StatsSummary _processedData = new();
    private readonly StatsSummary _persistedData = new();
    private long _completed;
    private long _failed;
    private long _restored;
    private CheckpointStatistics? _latestCompleted;
    private CheckpointStatistics? _latestFailed;
    private CheckpointStatistics? _latestSavepoint;
    private RestoredCheckpointStats? _latestRestored;

    public int HistorySize { get; } = historySize;

    /// <summary>Finished checkpoints, newest first.</summary>
    public IEnumerable<CheckpointStatistics> History => _history;

    public void ReportCompleted(CheckpointStatistics stats)
    {
        _completed++;
        // As Flink's CheckpointStatsHistory: a savepoint is the latest savepoint, not the latest completed checkpoint.
        if (stats.Properties.IsSavepoint) _latestSavepoint = stats;
        else _latestCompleted = stats;
        _stateSize.Add(stats.StateSize);
        _endToEndDuration.Add(stats.EndToEndDuration);
        // Aligned checkpoints persist no in-flight data; bytes processed during alignment are not counted.
        _processedData.Add(0);
        _persistedData.Add(0);
        Add(stats);
    }

    public void ReportFailed(CheckpointStatistics stats)
    {
        _failed++;
        _latestFailed = stats;
        Add(stats);
    }

    public void ReportDiscarded(long checkpointId)
    {
        for (var node = _history.First; node is not null; node = node.Next)
        {
            if (node.Value.CheckpointId == checkpointId && node.Value.Status == CheckpointStatsStatus.COMPLETED) node.Value = node.Value with { Discarded = true };
        }
        if (_latestCompleted?.CheckpointId == checkpointId) _latestCompleted = _latestCompleted with { Discarded = true };
    }

    public void ReportRestored(CompletedCheckpoint checkpoint, long restoreTimestamp)
    {
        _restored++;
        _latestRestored = new RestoredCheckpointStats(checkpoint.CheckpointId, restoreTimestamp, checkpoint.Properties.IsSavepoint, checkpoint.ExternalPointer);
    }

    public CheckpointStatsSnapshot Snapshot(IReadOnlyList<CheckpointStatistics> inProgress)
    {
        var size = _stateSize.Snapshot();
        return new CheckpointStatsSnapshot(
            new CheckpointStatsCounts(_restored, _completed + _failed + inProgress.Count, inProgress.Count, _completed, _failed),
            new CompletedCheckpointStatsSummary(size, size, _endToEndDuration.Snapshot(), _processedData.Snapshot(), _persistedData.Snapshot()),
            inProgress.Concat(_history).OrderByDescending(c => c.CheckpointId).Take(HistorySize).ToList(),
            _latestCompleted, _latestFailed, _latestRestored)
        {
            LatestSavepoint = _latestSavepoint,
        };
    }

    private void Add(CheckpointStatistics stats)
    {
        _history.AddFirst(stats);
        while (_history.Count > HistorySize) _history.RemoveLast();
    }
}
