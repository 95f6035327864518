using System.Collections.Concurrent;

namespace Brook.Runtime.Tests.OperatorEvents;

/// <summary>
/// One direction of a loopback "network": actions run in order on a thread of their own, as an RPC layer delivers
/// a peer's messages; each post completes once its action ran (the delivery acknowledgement).
/// </summary>
internal sealed class LoopbackLink : IDisposable
{
    private readonly BlockingCollection<(Action Deliver, TaskCompletionSource Done)> _queue = new();
    private readonly Thread _thread;
    private long _delivered;

    public LoopbackLink(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    public Task Post(Action deliver)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((deliver, done));
        return done.Task;
    }

    private void Run()
    {
        foreach (var (deliver, done) in _queue.GetConsumingEnumerable())
        {
            try
            {
                deliver();
                Interlocked.Increment(ref _delivered);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }
}
