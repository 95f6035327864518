using Brook.Runtime.State;
using Brook.Streaming.Operators;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.State;

/// <summary>
/// Window state is laid out window → key → value and timers by (time, window) → keys: what a window's keys hold,
/// which timers fire, and what a snapshot of any key-group range carries must be as with one entry per (key, window).
/// </summary>
public sealed class WindowLayoutTests
{
    private sealed class Recorder(HeapKeyedStateBackend backend) : ITriggerable<TimeWindow>
    {
        public List<(long Time, long Key, TimeWindow Window)> Fired { get; } = [];

        public Action<InternalTimer<TimeWindow>>? OnEvent { get; set; }

        public void OnEventTime(InternalTimer<TimeWindow> timer)
        {
            Assert.Equal(timer.Key, backend.CurrentKeyObject);
            Fired.Add((timer.Timestamp, (long)timer.Key, timer.Namespace));
            OnEvent?.Invoke(timer);
        }

        public void OnProcessingTime(InternalTimer<TimeWindow> timer) => throw new InvalidOperationException("No processing-time timers here.");
    }

    private sealed class NoProcessingTime : IProcessingTimeService
    {
        public long CurrentProcessingTime => 0;

        public IDisposable RegisterTimer(long timestamp, Action<long> callback) => throw new InvalidOperationException("No processing-time timers here.");
    }

    private static readonly ReducingStateDescriptor<long> Sum = new("window-contents", (a, b) => a + b);

    [Fact]
    public void Window_state_of_many_keys_snapshots_per_key_group_and_restores_split_over_two_subtasks()
    {
        var backend = KeyedBackendFactory.Create<long>();
        var state = backend.GetReducingState(Sum, new TimeWindow(0, 10));
        var windows = Enumerable.Range(0, 3).Select(w => new TimeWindow(w * 10, w * 10 + 10)).ToList();
        for (var k = 0L; k < 500; k++)
        {
            backend.SetCurrentKey(k);
            foreach (var window in windows)
            {
                // Equal windows that are other objects are the same namespace.
                state.SetCurrentNamespace(new TimeWindow(window.Start, window.End));
                state.Add(k);
                state.SetCurrentNamespace(window);
                state.Add(window.Start);
            }
        }
        // Window [0, 10) fires: every key's entry is cleared; window [10, 20) loses the odd keys.
        for (var k = 0L; k < 500; k++)
        {
            backend.SetCurrentKey(k);
            state.SetCurrentNamespace(windows[0]);
            state.Clear();
            if (k % 2 == 1)
            {
                state.SetCurrentNamespace(windows[1]);
                state.Clear();
            }
        }
        Assert.Empty(state.KeysIn(windows[0]));
        Assert.Equal(250, state.KeysIn(new TimeWindow(10, 20)).Count());

        var snapshot = backend.Snapshot();
        var restoredKeys = 0;
        for (var subtask = 0; subtask < 2; subtask++)
        {
            var restored = KeyedBackendFactory.ForSubtask<long>(subtask, 2);
            restored.Restore([snapshot]);
            var restoredState = restored.GetReducingState(Sum, windows[0]);
            foreach (var k in Enumerable.Range(0, 500).Select(i => (long)i).Where(k => KeyedBackendFactory.OwnerOf(k, 2) == subtask))
            {
                restored.SetCurrentKey(k);
                restoredState.SetCurrentNamespace(windows[0]);
                Assert.False(restoredState.TryGet(out _));
                restoredState.SetCurrentNamespace(new TimeWindow(10, 20));
                Assert.Equal(k % 2 == 0, restoredState.TryGet(out var middle));
                if (k % 2 == 0) Assert.Equal(k + 10, middle);
                restoredState.SetCurrentNamespace(new TimeWindow(20, 30));
                Assert.Equal(k + 20, restoredState.Get());
                restoredKeys++;
            }
            Assert.Empty(restoredState.KeysIn(windows[0]));
        }
        Assert.Equal(500, restoredKeys);
    }

    [Fact]
    public void A_window_timer_of_many_keys_fires_once_per_live_key_and_its_snapshot_keeps_each_key_group_apart()
    {
        var backend = KeyedBackendFactory.Create<long>();
        var recorder = new Recorder(backend);
        var timers = backend.GetInternalTimerService("window-timers", recorder, new NoProcessingTime());
        var window = new TimeWindow(0, 1000);
        for (var round = 0; round < 3; round++)
        {
            for (var k = 0L; k < 200; k++)
            {
                backend.SetCurrentKey(k);
                timers.RegisterEventTimeTimer(round == 0 ? window : new TimeWindow(0, 1000), window.MaxTimestamp);
            }
        }
        for (var k = 0L; k < 200; k += 4)
        {
            backend.SetCurrentKey(k);
            timers.DeleteEventTimeTimer(new TimeWindow(0, 1000), window.MaxTimestamp);
        }
        Assert.Equal(150, timers.NumEventTimeTimers);

        // The owning subtask of each key gets its timer back, and only its own.
        var snapshot = backend.Snapshot();
        var fromSubtasks = new List<long>();
        for (var subtask = 0; subtask < 2; subtask++)
        {
            var restored = KeyedBackendFactory.ForSubtask<long>(subtask, 2);
            restored.Restore([snapshot]);
            var restoredRecorder = new Recorder(restored);
            var restoredTimers = restored.GetInternalTimerService("window-timers", restoredRecorder, new NoProcessingTime());
            restoredTimers.AdvanceWatermark(999);
            Assert.All(restoredRecorder.Fired, f => Assert.Equal(subtask, KeyedBackendFactory.OwnerOf(f.Key, 2)));
            fromSubtasks.AddRange(restoredRecorder.Fired.Select(f => f.Key));
        }

        timers.AdvanceWatermark(998);
        Assert.Empty(recorder.Fired);
        timers.AdvanceWatermark(999);
        var live = Enumerable.Range(0, 200).Select(i => (long)i).Where(k => k % 4 != 0).ToList();
        Assert.Equal(live, recorder.Fired.Select(f => f.Key).Order());
        Assert.Equal(live, fromSubtasks.Order());
        Assert.All(recorder.Fired, f => Assert.Equal((999L, window), (f.Time, f.Window)));
        Assert.Equal(0, timers.NumEventTimeTimers);
    }

    [Fact]
    public void Timers_registered_and_deleted_while_a_window_fires_are_honoured_in_the_same_advance()
    {
        var backend = KeyedBackendFactory.Create<long>();
        var recorder = new Recorder(backend);
        var timers = backend.GetInternalTimerService("window-timers", recorder, new NoProcessingTime());
        var first = new TimeWindow(0, 100);
        var second = new TimeWindow(100, 200);
        for (var k = 0L; k < 3; k++)
        {
            backend.SetCurrentKey(k);
            timers.RegisterEventTimeTimer(first, 99);
            timers.RegisterEventTimeTimer(second, 99);
        }
        // Firing a key's first window registers its timer in a window not seen yet at the same time and
        // deletes its own timer of the second window, as a trigger may.
        var third = new TimeWindow(200, 300);
        recorder.OnEvent = timer =>
        {
            if (!ReferenceEquals(timer.Namespace, first)) return;
            timers.RegisterEventTimeTimer(third, 99);
            timers.DeleteEventTimeTimer(second, 99);
        };
        timers.AdvanceWatermark(99);
        var fired = recorder.Fired.Select(f => (f.Key, f.Window.Start)).Order().ToList();
        // Whether a key's second-window timer fired first depends on the order of windows with equal times,
        // but each (key, window) fires at most once and every key's first and third window fire.
        Assert.Equal(fired.Distinct(), fired);
        foreach (var k in new[] { 0L, 1L, 2L })
        {
            Assert.Contains((k, 0L), fired);
            Assert.Contains((k, 200L), fired);
        }
        Assert.Equal(0, timers.NumEventTimeTimers);
    }

    [Fact]
    public void Appending_states_report_the_element_that_creates_a_window_s_contents()
    {
        var backend = KeyedBackendFactory.Create<long>();
        var reducing = (IInternalAddReportingState<long>)backend.GetReducingState(Sum, new TimeWindow(0, 10));
        var list = (IInternalAddReportingState<long>)backend.GetListState(new ListStateDescriptor<long>("list"), new TimeWindow(0, 10));
        var aggregating = backend.GetAggregatingState(new AggregatingStateDescriptor<long, long, long>("count", new CountFunction()), new TimeWindow(0, 10));
        var seen = new List<(long Key, bool Reducing, bool List, bool Aggregating)>();
        foreach (var key in new[] { 1L, 2L, 1L, 1L, 2L })
        {
            backend.SetCurrentKey(key);
            seen.Add((key, reducing.AddAndReportFirst(key), list.AddAndReportFirst(key), aggregating.AddAndReportFirst(key)));
        }
        Assert.Equal([(1L, true, true, true), (2L, true, true, true), (1L, false, false, false), (1L, false, false, false), (2L, false, false, false)], seen);

        // Once the window's contents are cleared (it fired), the next element creates them again.
        backend.SetCurrentKey(1L);
        aggregating.Clear();
        Assert.True(aggregating.AddAndReportFirst(5));
        Assert.Equal(1L, aggregating.Get());
    }

    private sealed class CountFunction : IAggregateFunction<long, long, long>
    {
        public long CreateAccumulator() => 0;

        public long Add(long value, long accumulator) => accumulator + 1;

        public long GetResult(long accumulator) => accumulator;

        public long Merge(long a, long b) => a + b;
    }

    [Fact]
    public void A_window_whose_timers_map_is_reused_from_a_fired_window_fires_and_snapshots_as_a_new_one()
    {
        // Window 1's bucket empties by firing (its map is then reused); window 2 registers in a shuffled order and
        // deletes some: it must fire, and snapshot, as the same registrations on a backend that never fired a window.
        var random = new Random(7);
        var order = Enumerable.Range(0, 300).Select(i => (long)i).OrderBy(_ => random.Next()).ToList();
        var deleted = order.Where((_, i) => i % 5 == 0).ToHashSet();
        var reused = KeyedBackendFactory.Create<long>();
        var reusedRecorder = new Recorder(reused);
        var reusedTimers = reused.GetInternalTimerService("window-timers", reusedRecorder, new NoProcessingTime());
        for (var k = 0L; k < 300; k++)
        {
            reused.SetCurrentKey(k);
            reusedTimers.RegisterEventTimeTimer(new TimeWindow(0, 1000), 999);
        }
        reusedTimers.AdvanceWatermark(999);
        Assert.Equal(300, reusedRecorder.Fired.Count);
        var fresh = KeyedBackendFactory.Create<long>();
        var freshRecorder = new Recorder(fresh);
        var freshTimers = fresh.GetInternalTimerService("window-timers", freshRecorder, new NoProcessingTime());
        foreach (var (backend, timers) in new[] { (reused, reusedTimers), (fresh, freshTimers) })
        {
            foreach (var k in order)
            {
                backend.SetCurrentKey(k);
                timers.RegisterEventTimeTimer(new TimeWindow(1000, 2000), 1999);
            }
            foreach (var k in deleted)
            {
                backend.SetCurrentKey(k);
                timers.DeleteEventTimeTimer(new TimeWindow(1000, 2000), 1999);
            }
        }
        Assert.Equal(fresh.Snapshot(), reused.Snapshot());
        reusedRecorder.Fired.Clear();
        reusedTimers.AdvanceWatermark(1999);
        freshTimers.AdvanceWatermark(1999);
        Assert.Equal(order.Where(k => !deleted.Contains(k)).Order(), reusedRecorder.Fired.Select(f => f.Key).Order());
        Assert.Equal(freshRecorder.Fired, reusedRecorder.Fired);
    }
}
