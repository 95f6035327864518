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
/// </summary>
internal sealed class CheckpointBarrierHandler
{
    private readonly List<(int Offset, int Count, Action<int, bool> SetBlocked)> _gates = [];
    private readonly CheckpointingMode _mode;
    private readonly TimeProvider _time;
    private readonly Action<CheckpointBarrier, long, long> _performCheckpoint;
    private readonly Action<long, Exception> _declineCheckpoint;
    private bool[] _arrived = [];
    private bool[] _ended = [];
    private int _total;
    private int _done;
    private CheckpointBarrier? _current;
    private long _alignmentStart;
    private long _lastCompletedId = -1;

    /// <param name="performCheckpoint">Takes the snapshot: barrier, alignment duration (ms), start delay (ms).</param>
    /// <param name="declineCheckpoint">Declines a checkpoint this task abandoned.</param>
    public CheckpointBarrierHandler(CheckpointingMode mode, TimeProvider time, Action<CheckpointBarrier, long, long> performCheckpoint, Action<long, Exception> declineCheckpoint)
    {
        _mode = mode;
        _time = time;
        _performCheckpoint = performCheckpoint;
        _declineCheckpoint = declineCheckpoint;
    }

    /// <summary>The checkpoint being aligned; null when none.</summary>
    public long? CurrentCheckpointId => _current?.Id;

    public void RegisterGate(int offset, int count, Action<int, bool> setBlocked)
    {
        _gates.Add((offset, count, setBlocked));
        _total = Math.Max(_total, offset + count);
        Array.Resize(ref _arrived, _total);
        Array.Resize(ref _ended, _total);
    }

    public void OnBarrier(int channel, CheckpointBarrier barrier)
    {
        if (barrier.Id <= _lastCompletedId) return;
        if (_current is null || barrier.Id > _current.Id)
        {
            if (_current is { } abandoned)
            {
                var id = abandoned.Id;
                Reset();
                _declineCheckpoint(id, new CheckpointException(CheckpointFailureReason.CheckpointSubsumed,
                    $"Checkpoint {id} was abandoned: the barrier of checkpoint {barrier.Id} arrived before alignment completed."));
            }
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

    public void OnEndOfPartition(int channel)
    {
        if (_ended[channel]) return;
        _ended[channel] = true;
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
        if (_current is { } abandoned)
        {
            Reset();
            _declineCheckpoint(abandoned.Id, new CheckpointException(CheckpointFailureReason.CheckpointSubsumed, $"Checkpoint {abandoned.Id} was abandoned for checkpoint {barrier.Id}."));
        }
        Begin(barrier);
        CompleteIfAligned();
    }

    /// <summary>The coordinator aborted the checkpoint: stop aligning it and let blocked channels go on.</summary>
    public void Abort(long checkpointId)
    {
        if (_current?.Id != checkpointId) return;
        Reset();
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
        if (_current is null || _done < _total) return;
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
            if (_arrived[i] && _mode == CheckpointingMode.EXACTLY_ONCE) Block(i, false);
            _arrived[i] = false;
        }
        _current = null;
        _done = 0;
    }

    private void Block(int channel, bool blocked)
    {
        foreach (var (offset, count, setBlocked) in _gates)
        {
            if (channel >= offset && channel < offset + count) setBlocked(channel - offset, blocked);
        }
    }
}
