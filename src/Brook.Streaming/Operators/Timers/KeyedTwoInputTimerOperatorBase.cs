using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators.Timers;

/// <summary>
/// A <see cref="KeyedTimerOperatorBase{TKey,TNamespace,TFunction,TOut}"/> with two inputs: event time (and the timers
/// it fires) advances with the minimum of both inputs' watermarks, leaving out an idle input.
/// </summary>
internal abstract class KeyedTwoInputTimerOperatorBase<TKey, TNamespace, TFunction, TOut>(TFunction function, string operatorName, string timerServiceName)
    : KeyedTimerOperatorBase<TKey, TNamespace, TFunction, TOut>(function, operatorName, timerServiceName), ITwoInputWatermarkStatusInput
    where TNamespace : notnull
    where TFunction : RichFunction
{
    private readonly TwoInputWatermarks _watermarks = new();

    public void ProcessWatermark1(Watermark watermark) => Advance(1, watermark);

    public void ProcessWatermark2(Watermark watermark) => Advance(2, watermark);

    public void ProcessWatermarkStatus1(WatermarkStatus status) => SetStatus(1, status);

    public void ProcessWatermarkStatus2(WatermarkStatus status) => SetStatus(2, status);

    public void EndInput(int inputIndex)
    {
    }

    private void Advance(int input, Watermark watermark) => AdvanceTo(_watermarks.Advance(input, watermark.Timestamp));

    private void SetStatus(int input, WatermarkStatus status)
    {
        AdvanceTo(_watermarks.SetStatus(input, status, out var operatorStatus));
        if (operatorStatus is { } changed) Output.EmitWatermarkStatus(changed);
    }

    private void AdvanceTo(long? combined)
    {
        if (combined is not { } watermark) return;
        Timers.AdvanceWatermark(watermark);
        ProcessWatermark(new Watermark(watermark));
    }
}
