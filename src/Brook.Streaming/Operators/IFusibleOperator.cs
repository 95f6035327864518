namespace Brook.Streaming.Operators;

/// <summary>
/// A stateless operator the runtime may fuse into its predecessor's output inside a chain: records then
/// go through the operator's function straight to its own output, one indirect call less per record.
/// Lifecycle (Open/Close of rich functions) and watermarks still go through the operator.
/// </summary>
internal interface IFusibleOperator<TIn>
{
    /// <summary>The output the predecessor writes to; valid once this operator is set up.</summary>
    Output<TIn> CreateFusedInput();
}
