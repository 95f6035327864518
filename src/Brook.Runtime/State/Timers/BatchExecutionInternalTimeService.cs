using Brook.Streaming.Operators;
using Brook.Streaming.State.Internal;

namespace Brook.Runtime.State.Timers;

/// <summary>
/// Timers of a keyed operator in BATCH execution (Flink's BatchExecutionInternalTimeService): the input arrives
/// grouped by key, so only the current key's timers exist. While the key's records are processed the watermark is
/// long.MinValue (nothing is late); when the key ends (<see cref="FireAll"/>) its event-time timers fire in time
/// order as if the watermark were long.MaxValue, then its processing-time timers fire, without waiting for the
/// clock. Timers registered while they fire are ignored (the service is quiesced, as in Flink, so a timer that
/// re-registers itself cannot loop). Not part of snapshots: BATCH jobs do not checkpoint.
/// </summary>
internal sealed class BatchExecutionInternalTimeService<TKey, TNamespace>(
    HeapKeyedStateBackend<TKey> backend, ITriggerable<TNamespace> target, IProcessingTimeService processingTimeService)
    : IInternalTimerService<TNamespace>, IBatchTimers
    where TNamespace : notnull
{
    private readonly KeyTimers _eventTimers = new();
    private readonly KeyTimers _processingTimers = new();

    public long CurrentWatermark { get; private set; } = long.MinValue;

    public long CurrentProcessingTime => processingTimeService.CurrentProcessingTime;

    public int NumEventTimeTimers => _eventTimers.Count;

    public int NumProcessingTimeTimers => _processingTimers.Count;

    public void RegisterEventTimeTimer(TNamespace ns, long time)
    {
        if (CurrentWatermark != long.MaxValue) _eventTimers.Add(time, ns);
    }

    public void DeleteEventTimeTimer(TNamespace ns, long time) => _eventTimers.Remove(time, ns);

    public void RegisterProcessingTimeTimer(TNamespace ns, long time)
    {
        if (CurrentWatermark != long.MaxValue) _processingTimers.Add(time, ns);
    }

    public void DeleteProcessingTimeTimer(TNamespace ns, long time) => _processingTimers.Remove(time, ns);

    /// <summary>Only the end of input's long.MaxValue means something in BATCH: the last key's timers fire (nothing else is pending).</summary>
    public void AdvanceWatermark(long watermark)
    {
        if (watermark == long.MaxValue) FireAll();
    }

    /// <summary>The current key ended: fires all its timers, event time first.</summary>
    public void FireAll()
    {
        if (_eventTimers.Count == 0 && _processingTimers.Count == 0) return;
        var key = backend.CurrentKeyOrThrow;
        var keyGroup = backend.CurrentKeyGroup;
        CurrentWatermark = long.MaxValue;
        try
        {
            while (_eventTimers.TryPoll(out var time, out var ns))
            {
                backend.SetCurrentKeyAndGroup(key, keyGroup);
                target.OnEventTime(new InternalTimer<TNamespace>(time, key!, ns));
            }
            while (_processingTimers.TryPoll(out var time, out var ns))
            {
                backend.SetCurrentKeyAndGroup(key, keyGroup);
                target.OnProcessingTime(new InternalTimer<TNamespace>(time, key!, ns));
            }
        }
        finally
        {
            CurrentWatermark = long.MinValue;
        }
    }

    /// <summary>One key's timers of one time domain: a set (dedup, deletion) and a queue by time (deleted timers are skipped when reached).</summary>
    private sealed class KeyTimers
    {
        private readonly HashSet<(long Time, TNamespace Namespace)> _set = [];
        private readonly PriorityQueue<(long Time, TNamespace Namespace), long> _queue = new();

        public int Count => _set.Count;

        public void Add(long time, TNamespace ns)
        {
            if (_set.Add((time, ns))) _queue.Enqueue((time, ns), time);
        }

        public void Remove(long time, TNamespace ns) => _set.Remove((time, ns));

        public bool TryPoll(out long time, out TNamespace ns)
        {
            while (_queue.TryDequeue(out var timer, out _))
            {
                if (!_set.Remove(timer)) continue;
                (time, ns) = timer;
                return true;
            }
            time = 0;
            ns = default!;
            return false;
        }
    }
}
