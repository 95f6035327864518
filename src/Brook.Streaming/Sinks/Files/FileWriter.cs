using Brook.Streaming.Operators;

namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// The FileSink's writer of one subtask (Flink's FileWriter): routes records to buckets, checks the rolling
/// policy's time conditions every bucket-check interval on processing-time timers, hands the pending files over
/// at each checkpoint and snapshots the in-progress ones.
/// </summary>
internal sealed class FileWriter<T> : ICommittingSinkWriter<T, FileSinkCommittable>, IStatefulSinkWriter<T, FileWriterBucketState>
{
    private readonly FileSink<T> _sink;
    private readonly IProcessingTimeService _time;
    private readonly Dictionary<string, FileWriterBucket<T>> _buckets = new(StringComparer.Ordinal);
    private IDisposable? _timer;
    private bool _endOfInput;
    private bool _disposed;

    public FileWriter(FileSink<T> sink, IProcessingTimeService time, IReadOnlyCollection<FileWriterBucketState> restored)
    {
        _sink = sink;
        _time = time;
        var now = time.CurrentProcessingTime;
        foreach (var state in restored) Bucket(state.BucketId).Restore(state, now);
        _timer = time.RegisterTimer(now + (long)sink.BucketCheckInterval.TotalMilliseconds, OnProcessingTime);
    }

    public void Write(T value, SinkRecordContext context)
    {
        var now = _time.CurrentProcessingTime;
        var bucketId = _sink.BucketAssigner.GetBucketId(value, new AssignerContext(now, context.CurrentWatermark, context.Timestamp));
        Bucket(bucketId).Write(value, now);
    }

    public void Flush(bool endOfInput) => _endOfInput |= endOfInput;

    public IReadOnlyCollection<FileSinkCommittable> PrepareCommit()
    {
        var committables = new List<FileSinkCommittable>();
        foreach (var bucket in _buckets.Values) committables.AddRange(bucket.PrepareCommit(_endOfInput));
        // Buckets without an in-progress file are dropped; a later record recreates them under a new UUID.
        foreach (var idle in _buckets.Values.Where(b => !b.IsActive).ToList()) _buckets.Remove(idle.BucketId);
        return committables;
    }

    public IReadOnlyList<FileWriterBucketState> SnapshotState(long checkpointId) =>
        _buckets.Values.Where(b => b.IsActive).Select(b => b.Snapshot()).ToList();

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        foreach (var bucket in _buckets.Values) bucket.Dispose();
    }

    private void OnProcessingTime(long timestamp)
    {
        if (_disposed) return;
        foreach (var bucket in _buckets.Values) bucket.OnProcessingTime(timestamp);
        _timer = _time.RegisterTimer(timestamp + (long)_sink.BucketCheckInterval.TotalMilliseconds, OnProcessingTime);
    }

    private FileWriterBucket<T> Bucket(string bucketId)
    {
        if (!_buckets.TryGetValue(bucketId, out var bucket))
        {
            var path = bucketId.Length == 0 ? _sink.BasePath : Path.Combine(_sink.BasePath, bucketId);
            _buckets[bucketId] = bucket = new FileWriterBucket<T>(bucketId, path, _sink.Encoder, _sink.RollingPolicy, _sink.OutputFileConfig);
        }
        return bucket;
    }

    private sealed record AssignerContext(long CurrentProcessingTime, long CurrentWatermark, long? Timestamp) : IBucketAssignerContext;
}
