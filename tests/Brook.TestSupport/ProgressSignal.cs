namespace Brook.TestSupport;

/// <summary>
/// Lets a test wait for a condition on the event that can make it true, instead of sleeping: whatever changes the
/// observed state calls <see cref="Pulse"/> (a sink's write, a cluster event), and <see cref="UntilAsync"/>
/// re-checks the condition after each pulse, failing after a timeout.
/// </summary>
public sealed class ProgressSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cheap when nobody waits: one read and a completed-check.</summary>
    public void Pulse() => Volatile.Read(ref _next).TrySetResult();

    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        await UntilAsync(() => Task.FromResult(condition()), what, timeout);

    public async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            // Arm before checking: a change after the check completes the armed task, so none is missed.
            var changed = Arm();
            if (await condition()) return;
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                if (await condition()) return;
                throw new TimeoutException($"Timed out after {timeout} waiting until {what}.");
            }
        }
    }

    private Task Arm()
    {
        while (true)
        {
            var current = Volatile.Read(ref _next);
            if (!current.Task.IsCompleted) return current.Task;
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref _next, fresh, current) == current) return fresh.Task;
        }
    }
}
