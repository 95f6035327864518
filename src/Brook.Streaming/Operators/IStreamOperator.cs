namespace Brook.Streaming.Operators;

/// <summary>
/// The operator model (Flink's StreamOperator). One instance per subtask, driven by one StreamTask thread,
/// so an operator never needs locks for its own fields. Lifecycle, in order:
/// <list type="number">
/// <item><c>Setup</c> (see <see cref="IStreamOperator{TOut}"/>): output, runtime context, timers, key context.</item>
/// <item><see cref="Open"/>: after every operator of the chain is set up; opens user functions.</item>
/// <item><c>ProcessElement</c>/<c>ProcessWatermark</c> per input, any number of times; processing-time timer
/// callbacks run between them on the same thread (the task's mailbox).</item>
/// <item><c>EndInput</c> when an input is exhausted (bounded inputs only).</item>
/// <item><see cref="Finish"/>: all inputs ended; emit any buffered results (runs head to tail).</item>
/// <item><see cref="Close"/>: always, also after failure or cancellation; release resources.</item>
/// </list>
/// </summary>
public interface IStreamOperator
{
    /// <summary>How this operator may be chained with its neighbours (Flink's ChainingStrategy).</summary>
    ChainingStrategy ChainingStrategy { get; set; }

    void Open();

    void Finish();

    void Close();

    /// <summary>
    /// A checkpoint's synchronous part, on the task thread after the barrier: let user functions move field
    /// data into their registered state. The runtime then snapshots the operator's state backends.
    /// </summary>
    void SnapshotState(StateSnapshotContext context)
    {
    }

    /// <summary>A checkpoint this operator took part in completed (tell checkpoint-listening user functions).</summary>
    void NotifyCheckpointComplete(long checkpointId)
    {
    }

    void NotifyCheckpointAborted(long checkpointId)
    {
    }
}

/// <summary>An operator that emits elements of type <typeparamref name="TOut"/>.</summary>
public interface IStreamOperator<TOut> : IStreamOperator
{
    void Setup(StreamOperatorParameters<TOut> parameters);
}
