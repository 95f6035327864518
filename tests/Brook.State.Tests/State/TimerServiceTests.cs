using Brook.Runtime.State;
using Brook.Streaming.Operators;
using Brook.Streaming.State.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.State;

public sealed class TimerServiceTests
{
    private sealed class Recorder(HeapKeyedStateBackend backend) : ITriggerable<string>
    {
        public List<(string Kind, long Time, object Key, string Ns, object? CurrentKey)> Fired { get; } = [];
        public Action<InternalTimer<string>>? OnEvent { get; set; }

        public void OnEventTime(InternalTimer<string> timer)
        {
            Fired.Add(("event", timer.Timestamp, timer.Key, timer.Namespace, backend.CurrentKeyObject));
            OnEvent?.Invoke(timer);
        }

        public void OnProcessingTime(InternalTimer<string> timer) =>
            Fired.Add(("processing", timer.Timestamp, timer.Key, timer.Namespace, backend.CurrentKeyObject));
    }

    /// <summary>Runs scheduled callbacks when the fake clock passes them, as a task's processing-time service would.</summary>
    private sealed class FakeScheduler(FakeTimeProvider time) : IProcessingTimeService
    {
        private readonly List<(long At, Action<long> Callback)> _scheduled = [];

        public long CurrentProcessingTime => time.GetUtcNow().ToUnixTimeMilliseconds();

        public IDisposable RegisterTimer(long timestamp, Action<long> callback)
        {
            _scheduled.Add((timestamp, callback));
            return new CancellationTokenSource();
        }

        public void AdvanceTo(long epochMillis)
        {
            time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(epochMillis));
            while (_scheduled.Where(s => s.At <= epochMillis).OrderBy(s => s.At).FirstOrDefault() is { Callback: not null } due)
            {
                _scheduled.Remove(due);
                due.Callback(due.At);
            }
        }
    }

    [Fact]
    public void Event_time_timers_fire_once_in_time_order_with_their_key_current()
    {
        var backend = KeyedBackendFactory.Create<int>();
        var recorder = new Recorder(backend);
        var timers = backend.GetInternalTimerService("t", recorder, new FakeScheduler(new FakeTimeProvider()));
        var random = new Random(7);
        var registered = new List<(long, int)>();
        foreach (var key in Enumerable.Range(0, 50))
        {
            backend.SetCurrentKey(key);
            var time = random.Next(0, 1000);
            timers.RegisterEventTimeTimer("ns", time);
            timers.RegisterEventTimeTimer("ns", time);
            registered.Add((time, key));
        }
        Assert.Equal(50, timers.NumEventTimeTimers);
        timers.AdvanceWatermark(499);
        timers.AdvanceWatermark(499);
        timers.AdvanceWatermark(long.MaxValue);

        Assert.Equal(registered.Select(r => r.Item1).Order(), recorder.Fired.Select(f => f.Time));
        Assert.All(recorder.Fired, f => Assert.Equal(f.Key, f.CurrentKey));
        Assert.Equal(50, recorder.Fired.Select(f => f.Key).Distinct().Count());
        Assert.Equal(0, timers.NumEventTimeTimers);
    }

    [Fact]
    public void Deleted_timers_do_not_fire_and_can_be_registered_again()
    {
        var backend = KeyedBackendFactory.Create<int>();
        var recorder = new Recorder(backend);
        var timers = backend.GetInternalTimerService("t", recorder, new FakeScheduler(new FakeTimeProvider()));
        backend.SetCurrentKey(1);
        timers.RegisterEventTimeTimer("a", 10);
        timers.RegisterEventTimeTimer("b", 10);
        timers.RegisterEventTimeTimer("a", 20);
        timers.DeleteEventTimeTimer("a", 10);
        timers.DeleteEventTimeTimer("a", 20);
        timers.RegisterEventTimeTimer("a", 20);
        timers.AdvanceWatermark(100);
        Assert.Equal([(10L, "b"), (20L, "a")], recorder.Fired.Select(f => (f.Time, f.Ns)));
    }

    [Fact]
    public void Timers_registered_while_firing_fire_in_the_same_advance_when_due()
    {
        var backend = KeyedBackendFactory.Create<int>();
        var recorder = new Recorder(backend);
        var timers = backend.GetInternalTimerService("t", recorder, new FakeScheduler(new FakeTimeProvider()));
        recorder.OnEvent = t => { if (t.Timestamp == 10) timers.RegisterEventTimeTimer("later", 15); };
        backend.SetCurrentKey(1);
        timers.RegisterEventTimeTimer("first", 10);
        timers.RegisterEventTimeTimer("last", 30);
        timers.AdvanceWatermark(20);
        Assert.Equal([10L, 15L], recorder.Fired.Select(f => f.Time));
        Assert.Equal(20, timers.CurrentWatermark);
    }

    [Fact]
    public void Processing_time_timers_fire_when_the_clock_reaches_them()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        var scheduler = new FakeScheduler(time);
        var backend = KeyedBackendFactory.Create<string>(time);
        var recorder = new Recorder(backend);
        var timers = backend.GetInternalTimerService("t", recorder, scheduler);
        backend.SetCurrentKey("x");
        timers.RegisterProcessingTimeTimer("n", 3_000);
        timers.RegisterProcessingTimeTimer("n", 2_000);
        backend.SetCurrentKey("y");
        timers.RegisterProcessingTimeTimer("n", 2_500);
        timers.DeleteProcessingTimeTimer("n", 2_500);
        scheduler.AdvanceTo(1_999);
        Assert.Empty(recorder.Fired);
        scheduler.AdvanceTo(2_600);
        Assert.Equal([(2_000L, (object)"x")], recorder.Fired.Select(f => (f.Time, f.Key)));
        scheduler.AdvanceTo(5_000);
        Assert.Equal([2_000L, 3_000L], recorder.Fired.Select(f => f.Time));
    }

    [Fact]
    public void Timers_are_snapshotted_with_the_state_and_restored_to_the_owning_subtask()
    {
        var old = KeyedBackendFactory.ForSubtask<int>(0, 1);
        var oldTimers = old.GetInternalTimerService("t", new Recorder(old), new FakeScheduler(new FakeTimeProvider()));
        for (var key = 0; key < 100; key++)
        {
            old.SetCurrentKey(key);
            oldTimers.RegisterEventTimeTimer("w", 1000 + key);
        }
        var snapshot = old.Snapshot();
        var fired = new List<object>();
        for (var i = 0; i < 2; i++)
        {
            var backend = KeyedBackendFactory.ForSubtask<int>(i, 2);
            backend.Restore([snapshot]);
            var recorder = new Recorder(backend);
            var timers = backend.GetInternalTimerService("t", recorder, new FakeScheduler(new FakeTimeProvider()));
            timers.AdvanceWatermark(long.MaxValue);
            Assert.All(recorder.Fired, f => Assert.Equal(i, KeyedBackendFactory.OwnerOf(f.Key, 2)));
            Assert.All(recorder.Fired, f => Assert.Equal(1000L + (int)f.Key, f.Time));
            fired.AddRange(recorder.Fired.Select(f => f.Key));
        }
        Assert.Equal(Enumerable.Range(0, 100).Cast<object>(), fired.Cast<int>().Order().Cast<object>());
    }
}
