using System.Collections.Concurrent;
using Brook.Runtime.Network;

namespace Brook.Runtime.Tasks;

/// <summary>
/// The task's mailbox (Flink's TaskMailbox): actions from other threads (timers, split assignments,
/// flushes) that must run on the task thread. The loop drains it between units of input work.
/// </summary>
internal sealed class Mailbox(InputSignal signal)
{
    private readonly ConcurrentQueue<Action> _mails = new();
    private int _count;

    public bool HasMail => Volatile.Read(ref _count) > 0;

    public void Put(Action mail)
    {
        _mails.Enqueue(mail);
        Interlocked.Increment(ref _count);
        signal.Set();
    }

    /// <summary>Runs every queued action (task thread only).</summary>
    public void RunAll()
    {
        while (_mails.TryDequeue(out var mail))
        {
            Interlocked.Decrement(ref _count);
            mail();
        }
    }
}
