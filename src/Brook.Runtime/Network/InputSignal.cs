namespace Brook.Runtime.Network;

/// <summary>
/// The one thing a task waits on when it has nothing to do: set by its input channels when data arrives,
/// by its mailbox when mail arrives, by source readers becoming available, and by cancellation.
/// </summary>
internal sealed class InputSignal : IDisposable
{
    private readonly ManualResetEventSlim _event = new(false, spinCount: 50);

    public void Set()
    {
        // The full fence orders the producer's publish before the check, so a concurrent Reset+recheck cannot miss it.
        Interlocked.MemoryBarrier();
        if (!_event.IsSet) _event.Set();
    }

    /// <summary>Reset before re-checking the condition, then <see cref="Wait"/>: no wake-up is lost.</summary>
    public void Reset() => _event.Reset();

    public void Wait() => _event.Wait();

    public void Dispose() => _event.Dispose();
}
