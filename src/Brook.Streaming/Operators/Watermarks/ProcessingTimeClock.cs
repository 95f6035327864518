namespace Brook.Streaming.Operators.Watermarks;

/// <summary>
/// A TimeProvider over the task's processing-time service, so watermark generators (idleness) measure
/// time with the task's clock (and tests with a fake one), not the machine's.
/// </summary>
internal sealed class ProcessingTimeClock(IProcessingTimeService service) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(service.CurrentProcessingTime);

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => service.CurrentProcessingTime;
}
