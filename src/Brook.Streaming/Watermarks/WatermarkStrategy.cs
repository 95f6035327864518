namespace Brook.Streaming.Watermarks;

/// <summary>
/// How a stream gets event time: a timestamp assigner and a watermark generator, optionally with idleness
/// detection. Watermarks and timestamps are epoch milliseconds; "no watermark yet" is long.MinValue.
/// </summary>
public sealed class WatermarkStrategy<T>
{
    private readonly Func<WatermarkGeneratorContext, IWatermarkGenerator<T>> _generatorFactory;
    private readonly Func<WatermarkGeneratorContext, ITimestampAssigner<T>>? _assignerFactory;
    private readonly TimeSpan? _idleTimeout;

    private WatermarkStrategy(
        Func<WatermarkGeneratorContext, IWatermarkGenerator<T>> generatorFactory,
        Func<WatermarkGeneratorContext, ITimestampAssigner<T>>? assignerFactory,
        TimeSpan? idleTimeout)
    {
        _generatorFactory = generatorFactory;
        _assignerFactory = assignerFactory;
        _idleTimeout = idleTimeout;
    }

    /// <summary>Watermarks that trail the largest timestamp seen by <paramref name="maxOutOfOrderness"/>.</summary>
    public static WatermarkStrategy<T> ForBoundedOutOfOrderness(TimeSpan maxOutOfOrderness)
    {
        _ = new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness);
        return ForGenerator(_ => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness));
    }

    /// <summary>For timestamps that only ever increase: the watermark is the largest timestamp seen minus one.</summary>
    public static WatermarkStrategy<T> ForMonotonousTimestamps() => ForGenerator(_ => new BoundedOutOfOrdernessWatermarks<T>(TimeSpan.Zero));

    public static WatermarkStrategy<T> NoWatermarks() => ForGenerator(_ => new NoWatermarksGenerator<T>());

    public static WatermarkStrategy<T> ForGenerator(Func<WatermarkGeneratorContext, IWatermarkGenerator<T>> generatorFactory)
    {
        ArgumentNullException.ThrowIfNull(generatorFactory);
        return new WatermarkStrategy<T>(generatorFactory, null, null);
    }

    public WatermarkStrategy<T> WithTimestampAssigner(Func<T, long, long> extractTimestamp)
    {
        ArgumentNullException.ThrowIfNull(extractTimestamp);
        var assigner = new DelegateTimestampAssigner(extractTimestamp);
        return new WatermarkStrategy<T>(_generatorFactory, _ => assigner, _idleTimeout);
    }

    public WatermarkStrategy<T> WithTimestampAssigner(ITimestampAssigner<T> assigner)
    {
        ArgumentNullException.ThrowIfNull(assigner);
        return new WatermarkStrategy<T>(_generatorFactory, _ => assigner, _idleTimeout);
    }

    /// <summary>Marks the input idle when no event arrived for <paramref name="idleTimeout"/>, so it does not hold back the watermark.</summary>
    public WatermarkStrategy<T> WithIdleness(TimeSpan idleTimeout)
    {
        if (idleTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "The idle timeout must be positive.");
        return new WatermarkStrategy<T>(_generatorFactory, _assignerFactory, idleTimeout);
    }

    public TimeSpan? IdleTimeout => _idleTimeout;

    public IWatermarkGenerator<T> CreateWatermarkGenerator(WatermarkGeneratorContext context)
    {
        var generator = _generatorFactory(context);
        return _idleTimeout is { } timeout ? new WatermarksWithIdleness<T>(generator, timeout, context.TimeProvider) : generator;
    }

    /// <summary>The assigner set with WithTimestampAssigner, or one that keeps the timestamp the record already has.</summary>
    public ITimestampAssigner<T> CreateTimestampAssigner(WatermarkGeneratorContext context) =>
        _assignerFactory?.Invoke(context) ?? RecordTimestampAssigner.Instance;

    /// <summary>The assigner as one delegate (the lambda itself for WithTimestampAssigner), for loops over a batch.</summary>
    internal static Func<T, long, long> ExtractFunction(ITimestampAssigner<T> assigner) => assigner switch
    {
        DelegateTimestampAssigner d => d.Extract,
        RecordTimestampAssigner => static (_, recordTimestamp) => recordTimestamp,
        _ => assigner.ExtractTimestamp,
    };

    private sealed class DelegateTimestampAssigner(Func<T, long, long> extract) : ITimestampAssigner<T>
    {
        public Func<T, long, long> Extract => extract;

        public long ExtractTimestamp(T element, long recordTimestamp) => extract(element, recordTimestamp);
    }

    private sealed class RecordTimestampAssigner : ITimestampAssigner<T>
    {
        public static readonly RecordTimestampAssigner Instance = new();

        public long ExtractTimestamp(T element, long recordTimestamp) => recordTimestamp;
    }
}
