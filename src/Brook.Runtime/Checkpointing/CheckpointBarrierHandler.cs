using Brook.Core.Configuration;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// A task's barrier handling over all its input channels, of one or two gates (Flink's
/// SingleCheckpointBarrierHandler with aligned barriers, and CheckpointBarrierTracker for at-least-once).
/// Exactly once: a channel's barrier blocks that channel until every channel delivered the barrier (or ended),
/// then the snapshot is taken and the channels resume, so no record after the barrier reaches the state first.
/// At least once: nothing blocks; the snapshot is taken when the last channel's barrier arrived. A newer
/// barrier while aligning abandons the older checkpoint. An ended channel counts as having delivered every
/// later barrier. Runs on the task thread only.
/// Barriers that may be unaligned (<see cref="CheckpointBarrier.AlignedTimeoutMillis"/>) come as priority events ahead of
/// the queued buffers; the gate says when a channel has delivered everything sent before its barrier ("reached"). Until
/// the alignment timeout the handler aligns on those positions (a reached channel is blocked); at the timeout, or at
/// once with a zero timeout, it snapshots without waiting (Flink's unaligned checkpoint), and every record processed
/// from a channel that has not reached its barrier yet is persisted as channel state, which the checkpoint's
/// asynchronous part waits for.
/// </summary>
internal sealed class CheckpointBarrierHandler
{
    private readonly List<(int Offset, int Count, Action<int, bool> SetBlocked, Action<int>? CaptureOvertaken)> _gates = [];
    private readonly CheckpointingMode _mode;
    private readonly TimeProvider _time;
    private readonly Action<CheckpointBarrier, long, long> _performCheckpoint;
    private readonly Action<long, Exception> _declineCheckpoint;
    private readonly Action<CheckpointBarrier, long, long, ChannelStateWriter>? _performUnaligned;
    private readonly Action<TimeSpan, Action>? _schedule;
    private bool[] _reached = [];
    private int _reachedCount;
    private bool _priority;
    private ChannelStateWriter? _inFlight;
    private bool[] _arrived = [];
    private bool[] _ended = [];
    private int _total;
    private int _done;
    private CheckpointBarrier? _current;
    private long _alignmentStart;
    private long _lastCompletedId = -1;

    /// <param name="performCheckpoint">Takes the snapshot: barrier, alignment duration (ms), start delay (ms).</param>
    /// <param name="declineCheckpoint">Declines a checkpoint this task abandoned.</param>
    /// <param name="performUnaligned">Takes an unaligned snapshot: barrier, alignment duration, start delay, and the in-flight records to wait for.</param>
    /// <param name="schedule">Runs an action on the task thread after a delay (the alignment timeout).</param>
    public CheckpointBarrierHandler(CheckpointingMode mode, TimeProvider time, Action<CheckpointBarrier, long, long> performCheckpoint, Action<long, Exception> declineCheckpoint,
        Action<CheckpointBarrier, long, long, ChannelStateWriter>? performUnaligned = null, Action<TimeSpan, Action>? schedule = null)
    {
        _mode = mode;
        _time = time;
        _performCheckpoint = performCheckpoint;
        _declineCheckpoint = declineCheckpoint;
        _performUnaligned = performUnaligned;
        _schedule = schedule;
    }

    /// <summary>Whether the checkpoint in progress is unaligned: its snapshot was taken before every barrier was reached.</summary>
    public bool IsUnaligned => _inFlight is not null;

    /// <summary>The checkpoint being aligned; null when none.</summary>
    public long? CurrentCheckpointId => _current?.Id;

    /// <param name="captureOvertaken">Persists what a channel's announced barrier overtook (when a checkpoint turns unaligned), then reports it reached.</param>
    public void RegisterGate(int offset, int count, Action<int, bool> setBlocked, Action<int>? captureOvertaken = null)
    {
        _gates.Add((offset, count, setBlocked, captureOvertaken));
        _total = Math.Max(_total, offset + count);
        Array.Resize(ref _arrived, _total);
        Array.Resize(ref _ended, _total);
        Array.Resize(ref _reached, _total);
    }

    public void OnBarrier(int channel, CheckpointBarrier barrier)
    {
        if (barrier.AlignedTimeoutMillis is not null)
        {
            // A barrier that may be unaligned but came in line (a channel without priority delivery): everything before
            // it was processed, so the channel is announced and reached at once.
            OnPriorityBarrier(channel, barrier);
            if (_current?.Id == barrier.Id) OnPriorityBarrierReached(channel);
            return;
        }
        if (barrier.Id <= _lastCompletedId) return;
        if (_current is null || barrier.Id > _current.Id)
        {
            Abandon(barrier);
            Begin(barrier);
        }
        else if (barrier.Id < _current.Id)
        {
            return;
        }
        if (_arrived[channel] || _ended[channel]) return;
        _arrived[channel] = true;
        _done++;
        if (_mode == CheckpointingMode.EXACTLY_ONCE) Block(channel, true);
        CompleteIfAligned();
    }

    /// <summary>A barrier that may be unaligned arrived ahead of the channel's queued buffers.</summary>
    public void OnPriorityBarrier(int channel, CheckpointBarrier barrier)
    {
        if (_current is { } current && current.Id == barrier.Id) return;
        if (barrier.Id <= _lastCompletedId || (_current is { } newer && newer.Id > barrier.Id)) return;
        Abandon(barrier);
        Begin(barrier);
        _priority = true;
        for (var i = 0; i < _total; i++)
        {
            _reached[i] = _ended[i];
            if (_ended[i]) _reachedCount++;
        }
        var timeout = barrier.AlignedTimeoutMillis ?? 0;
        var sinceTrigger = _time.GetUtcNow().ToUnixTimeMilliseconds() - barrier.Timestamp;
        if (timeout <= 0 || sinceTrigger >= timeout || _schedule is null) SwitchToUnaligned();
        else
        {
            var id = barrier.Id;
            _schedule(TimeSpan.FromMilliseconds(timeout - sinceTrigger), () => OnAlignmentTimeout(id));
        }
        if (_reachedCount == _total) CompletePriority();
    }

    /// <summary>The channel delivered (and the task processed) every buffer sent before its priority barrier.</summary>
    public void OnPriorityBarrierReached(int channel)
    {
        if (_current is null || !_priority || _reached[channel]) return;
        _reached[channel] = true;
        _reachedCount++;
        if (_inFlight is null && _mode == CheckpointingMode.EXACTLY_ONCE) Block(channel, true);
        if (_reachedCount == _total) CompletePriority();
    }

    /// <summary>Whether records now processed from <paramref name="channel"/> belong to the unaligned checkpoint's channel state.</summary>
    public bool IsPersisting(int channel) => _inFlight is not null && !_reached[channel];

    public void PersistInFlight(InputChannelStateEntry entry) => _inFlight?.Add(entry);

    public void FailInFlight(Exception reason) => _inFlight?.Fail(reason);

    private void OnAlignmentTimeout(long checkpointId)
    {
        if (_current?.Id != checkpointId || !_priority || _inFlight is not null) return;
        SwitchToUnaligned();
    }

    /// <summary>Snapshots now; channels that reached their barrier go on, the others' records until it are persisted.</summary>
    private void SwitchToUnaligned()
    {
        var barrier = _current!;
        var alignment = (long)_time.GetElapsedTime(_alignmentStart).TotalMilliseconds;
        var startDelay = Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - barrier.Timestamp - alignment);
        for (var i = 0; i < _total; i++)
        {
            if (_reached[i] && !_ended[i] && _mode == CheckpointingMode.EXACTLY_ONCE) Block(i, false);
        }
        _inFlight = new ChannelStateWriter();
        _lastCompletedId = barrier.Id;
        _performUnaligned!(barrier, alignment, startDelay, _inFlight);
        // Channels whose barrier was announced but not reached: what it overtook is persisted now.
        foreach (var (offset, count, _, capture) in _gates)
        {
            for (var i = 0; i < count && _current is not null && _inFlight is not null; i++)
            {
                if (!_reached[offset + i]) capture?.Invoke(i);
            }
        }
    }

    private void CompletePriority()
    {
        if (_inFlight is { } inFlight)
        {
            Reset();
            inFlight.Finish();
            return;
        }
        CompleteIfAligned();
    }

    /// <summary>Gives up the checkpoint in progress for a newer one.</summary>
    private void Abandon(CheckpointBarrier newer)
    {
        if (_current is not { } abandoned) return;
        var inFlight = _inFlight;
        Reset();
        var reason = new CheckpointException(CheckpointFailureReason.CheckpointSubsumed,
            $"Checkpoint {abandoned.Id} was abandoned: the barrier of checkpoint {newer.Id} arrived before alignment completed.");
        // An unaligned snapshot was taken already: its asynchronous part declines when the in-flight records fail.
        if (inFlight is not null) inFlight.Fail(reason);
        else _declineCheckpoint(abandoned.Id, reason);
    }

    public void OnEndOfPartition(int channel)
    {
        if (_ended[channel]) return;
        _ended[channel] = true;
        if (_priority)
        {
            OnPriorityBarrierReached(channel);
            return;
        }
        if (_current is null || _arrived[channel]) return;
        _done++;
        CompleteIfAligned();
    }

    /// <summary>
    /// The coordinator started a checkpoint at this task because every upstream task finished: no barrier will
    /// come, so the checkpoint is taken once every channel has ended (its remaining records processed first).
    /// </summary>
    public void OnTriggered(CheckpointBarrier barrier)
    {
        if (barrier.Id <= _lastCompletedId || (_current is { } c && c.Id >= barrier.Id)) return;
        Abandon(barrier);
        Begin(barrier);
        CompleteIfAligned();
    }

    /// <summary>The task ends: an unaligned checkpoint still collecting in-flight records can no longer complete here.</summary>
    public void Close()
    {
        if (_current is not { } current || _inFlight is not { } inFlight) return;
        Reset();
        inFlight.Fail(new CheckpointException(CheckpointFailureReason.CheckpointDeclined,
            $"The task ended before checkpoint {current.Id} received all its barriers."));
    }

    /// <summary>The coordinator aborted the checkpoint: stop aligning it and let blocked channels go on.</summary>
    public void Abort(long checkpointId)
    {
        if (_current?.Id != checkpointId) return;
        var inFlight = _inFlight;
        Reset();
        inFlight?.Fail(new CheckpointException(CheckpointFailureReason.CheckpointDeclined, $"Checkpoint {checkpointId} was aborted."));
        _lastCompletedId = Math.Max(_lastCompletedId, checkpointId);
    }

    private void Begin(CheckpointBarrier barrier)
    {
        _current = barrier;
        _alignmentStart = _time.GetTimestamp();
        _done = 0;
        for (var i = 0; i < _total; i++)
        {
            if (_ended[i]) _done++;
        }
    }

    private void CompleteIfAligned()
    {
        if (_current is null || (_priority ? _reachedCount < _total : _done < _total)) return;
        var barrier = _current;
        var alignment = (long)_time.GetElapsedTime(_alignmentStart).TotalMilliseconds;
        var startDelay = Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - barrier.Timestamp - alignment);
        Reset();
        _lastCompletedId = barrier.Id;
        _performCheckpoint(barrier, alignment, startDelay);
    }

    private void Reset()
    {
        for (var i = 0; i < _total; i++)
        {
            if ((_arrived[i] || (_priority && _inFlight is null && _reached[i])) && _mode == CheckpointingMode.EXACTLY_ONCE) Block(i, false);
            _arrived[i] = false;
            _reached[i] = false;
        }
        _current = null;
        _done = 0;
        _reachedCount = 0;
        _priority = false;
        _inFlight = null;
    }

    private void Block(int channel, bool blocked)
    {
        foreach (var (offset, count, setBlocked, _) in _gates)
        {
            if (channel >= offset && channel < offset + count) setBlocked(channel - offset, blocked);
        }
    }
}
