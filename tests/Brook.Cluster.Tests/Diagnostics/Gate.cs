namespace Brook.Cluster.Tests.Diagnostics;

/// <summary>Holds a user function in a known method until the test releases it; says when the function got there.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _released = new();

    public Task Entered => _entered.Task;

    public bool IsReleased => _released.IsSet;

    public void Enter() => _entered.TrySetResult();

    public void Wait() => _released.Wait();

    public void Release() => _released.Set();
}
