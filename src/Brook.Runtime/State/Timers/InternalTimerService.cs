using Brook.Streaming.State.Internal;
using Brook.Streaming.Operators;
using MessagePack;

namespace Brook.Runtime.State.Timers;

/// <summary>
/// Event-time and processing-time timers of an operator, per key and namespace, kept per key group next to
/// the keyed state and snapshotted with it. Registering the same (key, namespace, time) twice gives one
/// timer; event-time timers fire in time order when the watermark passes them, processing-time timers when
/// the task's processing-time service (its TimeProvider) reaches them.
/// </summary>
internal sealed class InternalTimerService<TKey, TNamespace> : ISnapshottableKeyedState, IInternalTimerService<TNamespace> where TNamespace : notnull
{
    private readonly HeapKeyedStateBackend<TKey> _backend;
    private readonly ITriggerable<TNamespace> _target;
    private readonly IProcessingTimeService _processingTimeService;
    private readonly TimerQueue<TKey, TNamespace> _eventTimers;
    private readonly TimerQueue<TKey, TNamespace> _processingTimers;
    private long _nextScheduledProcessingTime = long.MaxValue;

    internal InternalTimerService(string name, HeapKeyedStateBackend<TKey> backend, ITriggerable<TNamespace> target, IProcessingTimeService processingTimeService)
    {
        Name = name;
        _backend = backend;
        _target = target;
        _processingTimeService = processingTimeService;
        _eventTimers = new TimerQueue<TKey, TNamespace>(backend.KeyGroupRange);
        _processingTimers = new TimerQueue<TKey, TNamespace>(backend.KeyGroupRange);
    }

    public string Name { get; }

    int ISnapshottableKeyedState.KindCode => KeyedStateSnapshotFormat.TimerServiceKind;

    /// <summary>The last watermark this service advanced to; long.MinValue before the first.</summary>
    public long CurrentWatermark { get; private set; } = long.MinValue;

    public long CurrentProcessingTime => _processingTimeService.CurrentProcessingTime;

    public int NumEventTimeTimers => _eventTimers.Count;

    public int NumProcessingTimeTimers => _processingTimers.Count;

    public void RegisterEventTimeTimer(TNamespace ns, long time) =>
        _eventTimers.Add(_backend.CurrentKeyGroup, new TimerKey<TKey, TNamespace>(time, _backend.CurrentKeyOrThrow, ns));

    public void DeleteEventTimeTimer(TNamespace ns, long time) =>
        _eventTimers.Remove(_backend.CurrentKeyGroup, new TimerKey<TKey, TNamespace>(time, _backend.CurrentKeyOrThrow, ns));

    public void RegisterProcessingTimeTimer(TNamespace ns, long time)
    {
        if (_processingTimers.Add(_backend.CurrentKeyGroup, new TimerKey<TKey, TNamespace>(time, _backend.CurrentKeyOrThrow, ns)))
            ScheduleNextProcessingTimer();
    }

    public void DeleteProcessingTimeTimer(TNamespace ns, long time) =>
        _processingTimers.Remove(_backend.CurrentKeyGroup, new TimerKey<TKey, TNamespace>(time, _backend.CurrentKeyOrThrow, ns));

    /// <summary>Fires, in time order, every event-time timer at or before the watermark.</summary>
    public void AdvanceWatermark(long watermark)
    {
        CurrentWatermark = watermark;
        while (_eventTimers.TryPollDue(watermark, out var timer, out var keyGroup))
        {
            _backend.SetCurrentKeyAndGroup(timer.Key, keyGroup);
            _target.OnEventTime(timer.ToInternalTimer());
        }
    }

    /// <summary>Fires, in time order, every processing-time timer at or before <paramref name="time"/>.</summary>
    public void OnProcessingTime(long time)
    {
        if (time >= _nextScheduledProcessingTime) _nextScheduledProcessingTime = long.MaxValue;
        while (_processingTimers.TryPollDue(time, out var timer, out var keyGroup))
        {
            _backend.SetCurrentKeyAndGroup(timer.Key, keyGroup);
            _target.OnProcessingTime(timer.ToInternalTimer());
        }
        ScheduleNextProcessingTimer();
    }

    private void ScheduleNextProcessingTimer()
    {
        var next = _processingTimers.PeekTimestamp();
        if (next == long.MaxValue || next >= _nextScheduledProcessingTime) return;
        _nextScheduledProcessingTime = next;
        _processingTimeService.RegisterTimer(next, OnProcessingTime);
    }

    public bool HasDataIn(int keyGroup) => _eventTimers.Group(keyGroup).Count > 0 || _processingTimers.Group(keyGroup).Count > 0;

    void ISnapshottableKeyedState.WriteKeyGroup(int keyGroup, ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        WriteTimers(ref writer, _eventTimers.Group(keyGroup));
        WriteTimers(ref writer, _processingTimers.Group(keyGroup));
    }

    void ISnapshottableKeyedState.ReadKeyGroup(int keyGroup, ReadOnlyMemory<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("Timers are written as [eventTimers, processingTimers].");
        ReadTimers(ref reader, keyGroup, _eventTimers);
        ReadTimers(ref reader, keyGroup, _processingTimers);
        ScheduleNextProcessingTimer();
    }

    private void WriteTimers(ref MessagePackWriter writer, IReadOnlyCollection<TimerKey<TKey, TNamespace>> timers)
    {
        writer.WriteArrayHeader(timers.Count);
        foreach (var timer in timers)
        {
            writer.WriteArrayHeader(3);
            writer.Write(timer.Timestamp);
            HeapKeyedStateBackend<TKey>.WriteKey(ref writer, timer.Key);
            MessagePackSerializer.Serialize(ref writer, timer.Namespace, StateSerialization.Options);
        }
    }

    private void ReadTimers(ref MessagePackReader reader, int keyGroup, TimerQueue<TKey, TNamespace> queue)
    {
        var count = reader.ReadArrayHeader();
        for (var i = 0; i < count; i++)
        {
            if (reader.ReadArrayHeader() != 3) throw new MessagePackSerializationException("A timer is written as [timestamp, key, namespace].");
            var timestamp = reader.ReadInt64();
            var key = HeapKeyedStateBackend<TKey>.ReadKey(ref reader);
            var ns = MessagePackSerializer.Deserialize<TNamespace>(ref reader, StateSerialization.Options);
            queue.Add(keyGroup, new TimerKey<TKey, TNamespace>(timestamp, key, ns));
        }
    }
}
