using Brook.Runtime.State;
using Brook.Streaming.Operators;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.State;

/// <summary>
/// The heap backend keeps keys typed (state tables by key, or by key and namespace; timer sets by time, key and
/// namespace): deduplication, deletion and snapshots must behave as with boxed keys, and snapshots written before
/// keys were typed must restore.
/// </summary>
public sealed class TypedKeyStructureTests
{
    // Written by the heap backend before keys were typed (format version 1): int keys 0..19 with value state
    // "count" = key * 10, reducing state "sum" = key + 1 in window [0, 1000) for even keys and [1000, 2000) for odd
    // keys, and an event-time timer at each key's window end in "window-timers".
    private const string SnapshotWithBoxedKeys = "lbFicm9vay1rZXllZC1zdGF0ZQHMgKxTeXN0ZW0uSW50MzKTk6Vjb3VudAHcABKSAcQHkQ3AkgDMgpIHxAaRBMCSACiSD8QGkQjAkgBQkhLEBpEGwJIAPJIbxAeRDsCSAMyMkjLEBpEMwJIAeJIzxAaRCcCSAFqSQ8QGkQrAkgBkkkbEB5EPwJIAzJaST8QHkRLAkgDMtJJRxAeREcCSAMyqklbEBpEBwJIACpJexAaRAMCSAACSZsQGkQvAkgBuknHEC5IDwJIAHgfAkgBGknTEB5EQwJIAzKCSfsQGkQXAkgAykn/EDJICwJIAFBPAkgDMvpOjc3VtBNwAEpIBxAyRDZLNA+jNB9CSAA6SB8QKkQSSAM0D6JIABZIPxAqRCJIAzQPokgAJkhLECpEGkgDNA+iSAAeSG8QKkQ6SAM0D6JIAD5IyxAqRDJIAzQPokgANkjPEDJEJks0D6M0H0JIACpJDxAqRCpIAzQPokgALkkbEDJEPks0D6M0H0JIAEJJPxAqREpIAzQPokgATklHEDJERks0D6M0H0JIAEpJWxAyRAZLNA+jNB9CSAAKSXsQKkQCSAM0D6JIAAZJmxAyRC5LNA+jNB9CSAAySccQXkgOSzQPozQfQkgAEB5LNA+jNB9CSAAiSdMQKkRCSAM0D6JIAEZJ+xAyRBZLNA+jNB9CSAAaSf8QVkgKSAM0D6JIAAxOSzQPozQfQkgAUk7pfdGltZXJfc3RhdGUvd2luZG93LXRpbWVyc2TcABKSAcQPkpGTzQfPDZLNA+jNB9CQkgfEDZKRk80D5wSSAM0D6JCSD8QNkpGTzQPnCJIAzQPokJISxA2SkZPNA+cGkgDNA+iQkhvEDZKRk80D5w6SAM0D6JCSMsQNkpGTzQPnDJIAzQPokJIzxA+SkZPNB88Jks0D6M0H0JCSQ8QNkpGTzQPnCpIAzQPokJJGxA+SkZPNB88Pks0D6M0H0JCST8QNkpGTzQPnEpIAzQPokJJRxA+SkZPNB88Rks0D6M0H0JCSVsQPkpGTzQfPAZLNA+jNB9CQkl7EDZKRk80D5wCSAM0D6JCSZsQPkpGTzQfPC5LNA+jNB9CQknHEG5KSk80HzwOSzQPozQfQk80HzweSzQPozQfQkJJ0xA2SkZPNA+cQkgDNA+iQkn7ED5KRk80HzwWSzQPozQfQkJJ/xBmSkpPNA+cCkgDNA+iTzQfPE5LNA+jNB9CQ";

    private sealed class Recorder<TNamespace>(HeapKeyedStateBackend backend) : ITriggerable<TNamespace>
    {
        public List<(long Time, object Key, TNamespace Ns, object? CurrentKey)> Fired { get; } = [];

        public void OnEventTime(InternalTimer<TNamespace> timer) => Fired.Add((timer.Timestamp, timer.Key, timer.Namespace, backend.CurrentKeyObject));

        public void OnProcessingTime(InternalTimer<TNamespace> timer) => Fired.Add((timer.Timestamp, timer.Key, timer.Namespace, backend.CurrentKeyObject));
    }

    private sealed class NoProcessingTime : IProcessingTimeService
    {
        public long CurrentProcessingTime => 0;

        public IDisposable RegisterTimer(long timestamp, Action<long> callback) => throw new InvalidOperationException("No processing-time timers in these tests.");
    }

    [Fact]
    public void The_same_timer_registered_for_interleaved_keys_fires_once_per_key()
    {
        var backend = KeyedBackendFactory.Create<string>();
        var recorder = new Recorder<TimeWindow>(backend);
        var timers = backend.GetInternalTimerService("t", recorder, new NoProcessingTime());
        for (var round = 0; round < 3; round++)
        {
            foreach (var key in new[] { "a", "b", "c" })
            {
                // Equal keys and windows that are different objects are the same timer.
                backend.SetCurrentKey(new string(key[0], 1));
                timers.RegisterEventTimeTimer(new TimeWindow(0, 1000), 999);
                timers.RegisterEventTimeTimer(new TimeWindow(0, 1000), 999);
            }
        }
        Assert.Equal(3, timers.NumEventTimeTimers);
        timers.AdvanceWatermark(999);
        Assert.Equal(["a", "b", "c"], recorder.Fired.Select(f => (string)f.Key).Order());
        Assert.All(recorder.Fired, f => Assert.Equal(f.Key, f.CurrentKey));
        Assert.Equal(0, timers.NumEventTimeTimers);
    }

    [Fact]
    public void A_timer_deleted_and_registered_again_fires_once_and_can_be_registered_after_firing()
    {
        var backend = KeyedBackendFactory.Create<long>();
        var recorder = new Recorder<string>(backend);
        var timers = backend.GetInternalTimerService("t", recorder, new NoProcessingTime());
        backend.SetCurrentKey(7L);
        timers.RegisterEventTimeTimer("w", 10);
        timers.DeleteEventTimeTimer("w", 10);
        Assert.Equal(0, timers.NumEventTimeTimers);
        timers.RegisterEventTimeTimer("w", 10);
        timers.RegisterEventTimeTimer("w", 10);
        Assert.Equal(1, timers.NumEventTimeTimers);
        timers.AdvanceWatermark(10);
        Assert.Equal([(10L, (object)7L)], recorder.Fired.Select(f => (f.Time, f.Key)));

        // The same timer again after it fired is a new timer (not mistaken for the one registered last).
        backend.SetCurrentKey(7L);
        timers.RegisterEventTimeTimer("w", 10);
        Assert.Equal(1, timers.NumEventTimeTimers);
        timers.AdvanceWatermark(11);
        Assert.Equal(2, recorder.Fired.Count);
        timers.AdvanceWatermark(100);
        Assert.Equal(2, recorder.Fired.Count);
    }

    [Fact]
    public void Value_state_kept_by_key_alone_clears_per_key_and_survives_a_snapshot()
    {
        var backend = KeyedBackendFactory.Create<long>();
        var state = backend.GetState(new ValueStateDescriptor<long>("v", -1));
        for (var k = 0L; k < 300; k++)
        {
            backend.SetCurrentKey(k);
            state.Update(k + 1);
        }
        backend.SetCurrentKey(42L);
        state.Clear();
        Assert.Equal(-1, state.Value());

        var restored = KeyedBackendFactory.Create<long>();
        restored.Restore([backend.Snapshot()]);
        var restoredState = restored.GetState(new ValueStateDescriptor<long>("v", -1));
        for (var k = 0L; k < 300; k++)
        {
            restored.SetCurrentKey(k);
            Assert.Equal(k == 42 ? -1 : k + 1, restoredState.Value());
        }
        Assert.Equal(299, restored.GetValueState(new ValueStateDescriptor<long>("v", -1), VoidNamespace.Instance).KeysIn(VoidNamespace.Instance).Count());
    }

    [Fact]
    public void A_snapshot_written_with_boxed_keys_restores_state_and_timers()
    {
        var backend = KeyedBackendFactory.Create<int>();
        backend.Restore([Convert.FromBase64String(SnapshotWithBoxedKeys)]);
        var count = backend.GetState(new ValueStateDescriptor<long>("count"));
        var sums = backend.GetReducingState(new ReducingStateDescriptor<long>("sum", (a, b) => a + b), new TimeWindow(0, 1000));
        var recorder = new Recorder<TimeWindow>(backend);
        var timers = backend.GetInternalTimerService("window-timers", recorder, new NoProcessingTime());
        Assert.Equal(20, timers.NumEventTimeTimers);
        for (var k = 0; k < 20; k++)
        {
            backend.SetCurrentKey(k);
            Assert.Equal(k * 10L, count.Value());
            var window = new TimeWindow(k % 2 * 1000, k % 2 * 1000 + 1000);
            sums.SetCurrentNamespace(window);
            Assert.Equal(k + 1L, sums.Get());
            // Registering a restored timer again does not add a second one.
            timers.RegisterEventTimeTimer(window, window.MaxTimestamp);
        }
        Assert.Equal(20, timers.NumEventTimeTimers);
        timers.AdvanceWatermark(999);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 2), recorder.Fired.Select(f => (int)f.Key).Order());
        timers.AdvanceWatermark(1999);
        Assert.Equal(20, recorder.Fired.Count);
        Assert.All(recorder.Fired, f => Assert.Equal(((int)f.Key % 2 * 1000) + 999, f.Time));
    }
}
