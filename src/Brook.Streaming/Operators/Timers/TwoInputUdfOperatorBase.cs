using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators.Timers;

/// <summary>
/// What non-keyed two-input operators running one user function share: opening and closing the function (with
/// its operator state), the collector, and event time as the minimum of both inputs leaving out an idle one.
/// </summary>
internal abstract class TwoInputUdfOperatorBase<TFunction, TOut>(TFunction function, string operatorName)
    : AbstractStreamOperator<TOut>, ITwoInputWatermarkStatusInput
    where TFunction : RichFunction
{
    private readonly TwoInputWatermarks _watermarks = new();

    protected TFunction Function { get; } = function;

    protected string OperatorName { get; } = operatorName;

    protected TimestampedCollector<TOut> Collector { get; private set; } = null!;

    public override void Open()
    {
        Collector = new TimestampedCollector<TOut>(Output);
        OpenOperator();
        Function.RuntimeContext = RuntimeContext;
        InitializeFunctionState(Function, OperatorName, keyedStateStore: null);
        Function.Open();
    }

    /// <summary>The operator's own set-up, before the function opens.</summary>
    protected abstract void OpenOperator();

    public override void Close() => Function.Close();

    public void ProcessWatermark1(Watermark watermark) => Advance(1, watermark);

    public void ProcessWatermark2(Watermark watermark) => Advance(2, watermark);

    public void ProcessWatermarkStatus1(WatermarkStatus status) => SetStatus(1, status);

    public void ProcessWatermarkStatus2(WatermarkStatus status) => SetStatus(2, status);

    public void EndInput(int inputIndex)
    {
    }

    private void Advance(int input, Watermark watermark)
    {
        if (_watermarks.Advance(input, watermark.Timestamp) is { } combined) ProcessWatermark(new Watermark(combined));
    }

    private void SetStatus(int input, WatermarkStatus status)
    {
        if (_watermarks.SetStatus(input, status, out var operatorStatus) is { } combined) ProcessWatermark(new Watermark(combined));
        if (operatorStatus is { } changed) Output.EmitWatermarkStatus(changed);
    }
}
