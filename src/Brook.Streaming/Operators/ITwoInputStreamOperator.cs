namespace Brook.Streaming.Operators;

/// <summary>An operator with two inputs of different types (connect/join).</summary>
public interface ITwoInputStreamOperator<TIn1, TIn2> : IStreamOperator
{
    void ProcessElement1(StreamRecord<TIn1> record);

    void ProcessElement2(StreamRecord<TIn2> record);

    void ProcessWatermark1(Watermark watermark);

    void ProcessWatermark2(Watermark watermark);

    /// <summary>Input 1 or 2 is exhausted.</summary>
    void EndInput(int inputIndex);
}
