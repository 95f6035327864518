namespace Brook.Streaming.Operators;

/// <summary>
/// Maps both inputs of connected streams into one output. The output watermark is the minimum of the two
/// inputs' watermarks, as for every two-input operator.
/// </summary>
public sealed class CoStreamMap<T1, T2, TOut>(Func<T1, TOut> map1, Func<T2, TOut> map2) : AbstractStreamOperator<TOut>, ITwoInputStreamOperator<T1, T2>
{
    private long _watermark1 = long.MinValue;
    private long _watermark2 = long.MinValue;

    public void ProcessElement1(StreamRecord<T1> record) => Output.Collect(new StreamRecord<TOut>(map1(record.Value), record.Timestamp));

    public void ProcessElement2(StreamRecord<T2> record) => Output.Collect(new StreamRecord<TOut>(map2(record.Value), record.Timestamp));

    public void ProcessWatermark1(Watermark watermark)
    {
        _watermark1 = watermark.Timestamp;
        Combined();
    }

    public void ProcessWatermark2(Watermark watermark)
    {
        _watermark2 = watermark.Timestamp;
        Combined();
    }

    private void Combined()
    {
        var min = Math.Min(_watermark1, _watermark2);
        if (min > CurrentWatermark) ProcessWatermark(new Watermark(min));
    }

    public void EndInput(int inputIndex)
    {
    }
}
