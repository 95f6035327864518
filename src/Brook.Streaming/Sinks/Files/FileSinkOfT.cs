namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// Exactly-once file output through the two-phase commit (Flink's FileSink, row format). Each subtask writes
/// records into hidden in-progress part files ".part-{uuid}-{counter}.inprogress.{uuid}" in bucket directories
/// under <see cref="BasePath"/>; at a checkpoint barrier the files the rolling policy closes become pending, and
/// when the checkpoint completes they are renamed to "part-{uuid}-{counter}" (prefix and suffix from
/// <see cref="OutputFileConfig"/>): only committed files are visible. The checkpoint holds the in-progress file
/// and its length, so after a failure the restored writer cuts off what was written after the checkpoint and
/// appends. At the end of a bounded input everything is committed at once; without checkpoints an unbounded job's
/// files never become finished (as in Flink's streaming mode). Build one with <see cref="FileSink.ForRowFormat{T}"/>.
/// </summary>
public sealed class FileSink<T> : ISupportsWriterState<T, FileWriterBucketState>, ISupportsCommitter<T, FileSinkCommittable>
{
    internal FileSink(string basePath, IEncoder<T> encoder, IBucketAssigner<T> bucketAssigner, IRollingPolicy<T> rollingPolicy,
        OutputFileConfig outputFileConfig, TimeSpan bucketCheckInterval)
    {
        BasePath = basePath;
        Encoder = encoder;
        BucketAssigner = bucketAssigner;
        RollingPolicy = rollingPolicy;
        OutputFileConfig = outputFileConfig;
        BucketCheckInterval = bucketCheckInterval;
    }

    public string Name => "FileSink";

    public string BasePath { get; }

    public IEncoder<T> Encoder { get; }

    public IBucketAssigner<T> BucketAssigner { get; }

    public IRollingPolicy<T> RollingPolicy { get; }

    public OutputFileConfig OutputFileConfig { get; }

    /// <summary>How often the rolling policy's time conditions are checked (Flink's default: 1 minute).</summary>
    public TimeSpan BucketCheckInterval { get; }

    public ISimpleVersionedSerializer<FileWriterBucketState> WriterStateSerializer => FileSinkSerializers.BucketState;

    public ISimpleVersionedSerializer<FileSinkCommittable> CommittableSerializer => FileSinkSerializers.Committable;

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new FileWriter<T>(this, context.ProcessingTimeService, []);

    public IStatefulSinkWriter<T, FileWriterBucketState> RestoreWriter(ISinkWriterContext context, IReadOnlyCollection<FileWriterBucketState> recoveredState) =>
        new FileWriter<T>(this, context.ProcessingTimeService, recoveredState);

    public ICommitter<FileSinkCommittable> CreateCommitter(ISinkWriterContext context) => new FileCommitter();
}
