using System.Collections.Concurrent;
using Brook.Runtime.Network;

namespace Brook.Runtime.Tasks;

/// <summary>
/// The task's mailbox (Flink's TaskMailbox): actions from other threads (timers, split assignments,
/// flushes) that must run on the task thread. The loop drains it between units of input work.
/// </summary>
/// Checkpoint control mail (trigger, complete, abort) is marked, so a task waiting for its stop-with-savepoint
/// to complete runs only that and keeps the rest (timers, flushes) for later, in order: nothing it emits after
/// the savepoint's barrier can then reach its outputs or state.
internal sealed class Mailbox(InputSignal signal)
{
    private readonly ConcurrentQueue<(Action Mail, bool Control)> _mails = new();
    private readonly Queue<Action> _deferred = new();
    private int _count;

    public bool HasMail => Volatile.Read(ref _count) > 0 || _deferred.Count > 0;

    /// <summary>While set (task thread only), <see cref="RunAll"/> runs control mail only.</summary>
    public bool Paused { get; set; }

    public void Put(Action mail) => Put(mail, control: false);

    /// <summary>Checkpoint control mail: runs even while the task waits for its synchronous savepoint.</summary>
    public void PutControl(Action mail) => Put(mail, control: true);

    private void Put(Action mail, bool control)
    {
        _mails.Enqueue((mail, control));
        Interlocked.Increment(ref _count);
        signal.Set();
    }

    /// <summary>Runs every queued action, deferred ones first (task thread only).</summary>
    public void RunAll()
    {
        while (!Paused && _deferred.TryDequeue(out var deferred)) deferred();
        while (!Paused && _mails.TryDequeue(out var mail))
        {
            Interlocked.Decrement(ref _count);
            mail.Mail();
        }
        if (Paused) RunControlOnly();
    }

    /// <summary>Runs queued control mail only; the rest waits, in order, for the next <see cref="RunAll"/> (task thread only).</summary>
    public void RunControlOnly()
    {
        while (_mails.TryDequeue(out var mail))
        {
            Interlocked.Decrement(ref _count);
            if (mail.Control) mail.Mail();
            else _deferred.Enqueue(mail.Mail);
        }
    }

    /// <summary>Whether mail arrived that <see cref="RunControlOnly"/> has not looked at yet.</summary>
    public bool HasNewMail => Volatile.Read(ref _count) > 0;
}
