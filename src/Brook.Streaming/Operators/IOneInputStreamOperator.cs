namespace Brook.Streaming.Operators;

/// <summary>An operator with one logical input (all input channels of a union merge into it).</summary>
public interface IOneInputStreamOperator<TIn> : IStreamOperator
{
    void ProcessElement(StreamRecord<TIn> record);

    /// <summary>The input's watermark advanced (already the minimum over its channels).</summary>
    void ProcessWatermark(Watermark watermark);

    /// <summary>The input is exhausted; called once, before <see cref="IStreamOperator.Finish"/>.</summary>
    void EndInput();
}
