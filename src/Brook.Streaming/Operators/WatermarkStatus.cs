namespace Brook.Streaming.Operators;

/// <summary>
/// Whether a stream currently carries event time (Flink's WatermarkStatus). An idle input (a source
/// without data, marked by WithIdleness) is left out of the minimum its consumers take over their input
/// channels, so it does not hold back their watermark; it counts again once it is active.
/// </summary>
public enum WatermarkStatus
{
    Active,
    Idle,
}

/// <summary>An operator input that accepts watermark status changes (implemented by <see cref="AbstractStreamOperator{TOut}"/>).</summary>
public interface IWatermarkStatusInput
{
    void ProcessWatermarkStatus(WatermarkStatus status);
}

/// <summary>A two-input operator that accepts each input's idle/active changes (an idle input leaves the combined watermark).</summary>
public interface ITwoInputWatermarkStatusInput
{
    void ProcessWatermarkStatus1(WatermarkStatus status);

    void ProcessWatermarkStatus2(WatermarkStatus status);
}
