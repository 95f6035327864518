namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// One bucket (directory) of a FileSink writer (Flink's FileWriterBucket): at most one in-progress part file, and
/// the pending files closed since the last checkpoint. Part files are named "{prefix}-{uuid}-{counter}{suffix}"
/// with a UUID per bucket instance, so a restored or restarted writer never reuses a name.
/// </summary>
internal sealed class FileWriterBucket<T>(string bucketId, string bucketPath, IEncoder<T> encoder, IRollingPolicy<T> rollingPolicy, OutputFileConfig fileConfig) : IDisposable
{
    private readonly string _uniqueId = Guid.NewGuid().ToString();
    private readonly List<PartFileRecoverable> _pending = [];
    private long _partCounter;
    private InProgressPartFile? _inProgress;

    public string BucketId { get; } = bucketId;

    public string BucketPath { get; } = bucketPath;

    public bool IsActive => _inProgress is not null || _pending.Count > 0;

    public void Write(T element, long now)
    {
        if (_inProgress is null || rollingPolicy.ShouldRollOnEvent(_inProgress.Info(BucketId), element)) Roll(now);
        _inProgress!.Write(encoder, element, now);
    }

    /// <summary>The pending files for the checkpoint; the in-progress file joins them when the policy rolls on checkpoints or the input ended.</summary>
    public IReadOnlyList<FileSinkCommittable> PrepareCommit(bool endOfInput)
    {
        if (_inProgress is not null && (endOfInput || rollingPolicy.ShouldRollOnCheckpoint(_inProgress.Info(BucketId)))) ClosePartFile();
        var committables = _pending.Select(p => new FileSinkCommittable(BucketId, p)).ToList();
        _pending.Clear();
        return committables;
    }

    public FileWriterBucketState Snapshot() => new(BucketId, BucketPath, _inProgress?.CreationTime ?? 0, _inProgress?.Persist());

    /// <summary>Takes over a checkpointed in-progress file; a second one (state of several subtasks merged) becomes pending.</summary>
    public void Restore(FileWriterBucketState state, long now)
    {
        if (state.InProgressFile is null) return;
        var resumed = InProgressPartFile.Resume(state.InProgressFile, state.InProgressFileCreationTime, now);
        if (_inProgress is null) _inProgress = resumed;
        else _pending.Add(resumed.CloseForCommit());
    }

    public void OnProcessingTime(long now)
    {
        if (_inProgress is not null && rollingPolicy.ShouldRollOnProcessingTime(_inProgress.Info(BucketId), now)) ClosePartFile();
    }

    public void Dispose() => _inProgress?.Dispose();

    private void Roll(long now)
    {
        ClosePartFile();
        Directory.CreateDirectory(BucketPath);
        var name = $"{fileConfig.PartPrefix}-{_uniqueId}-{_partCounter++}{fileConfig.PartSuffix}";
        _inProgress = InProgressPartFile.OpenNew(Path.Combine(BucketPath, name), now);
    }

    private void ClosePartFile()
    {
        if (_inProgress is null) return;
        _pending.Add(_inProgress.CloseForCommit());
        _inProgress = null;
    }
}
