namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Collects the in-flight records of one unaligned checkpoint at one task (Flink's ChannelStateWriter): the task
/// thread adds records as it processes them, and the checkpoint's asynchronous part waits for <see cref="Completion"/>
/// (every channel delivered its barrier) before it writes the state and acknowledges.
/// </summary>
internal sealed class ChannelStateWriter
{
    private readonly List<InputChannelStateEntry> _entries = [];
    private readonly TaskCompletionSource<IReadOnlyList<InputChannelStateEntry>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<InputChannelStateEntry>> Completion => _completion.Task;

    public void Add(InputChannelStateEntry entry)
    {
        if (!_completion.Task.IsCompleted) _entries.Add(entry);
    }

    public void Finish() => _completion.TrySetResult(_entries);

    public void Fail(Exception reason) => _completion.TrySetException(reason);
}
