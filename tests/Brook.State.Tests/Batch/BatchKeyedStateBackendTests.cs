using Brook.Core.Hashing;
using Brook.Runtime.State;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Batch;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;

namespace Brook.State.Tests.Batch;

/// <summary>The heap keyed backend in BATCH execution: one key's timers fire when the key ends, then its state is gone.</summary>
public sealed class BatchKeyedStateBackendTests
{
    private sealed class NoClock : IProcessingTimeService
    {
        public long CurrentProcessingTime => 1_000;

        public IDisposable RegisterTimer(long timestamp, Action<long> callback) =>
            throw new InvalidOperationException("A BATCH timer service must not schedule processing-time callbacks.");
    }

    private sealed class Recorder(HeapKeyedStateBackend<string> backend) : ITriggerable<string>
    {
        public IInternalTimerService<string> Timers { get; set; } = null!;

        public List<(string Domain, long Time, object Key, string Ns, long Watermark)> Fired { get; } = [];

        public void OnEventTime(InternalTimer<string> timer)
        {
            Fired.Add(("event", timer.Timestamp, timer.Key, timer.Namespace, Timers.CurrentWatermark));
            // Ignored: the service is quiesced while it fires.
            Timers.RegisterEventTimeTimer("again", timer.Timestamp + 1);
            Assert.Equal(timer.Key, backend.CurrentKeyObject);
        }

        public void OnProcessingTime(InternalTimer<string> timer) =>
            Fired.Add(("processing", timer.Timestamp, timer.Key, timer.Namespace, Timers.CurrentWatermark));
    }

    private static HeapKeyedStateBackend<string> Backend() => new(128, new KeyGroupRange(0, 127), TimeProvider.System, batchExecution: true);

    [Fact]
    public void A_keys_timers_fire_at_its_end_event_time_in_order_then_processing_time_and_its_state_is_dropped()
    {
        var backend = Backend();
        var recorder = new Recorder(backend);
        var timers = ((IInternalKeyedStateBackend)backend).GetInternalTimerService("t", recorder, new NoClock());
        recorder.Timers = timers;
        var count = backend.GetState(new ValueStateDescriptor<long>("count"));

        backend.SetCurrentKey("a");
        timers.RegisterEventTimeTimer("w", 50);
        timers.RegisterEventTimeTimer("w", 10);
        timers.RegisterEventTimeTimer("w", 10);
        timers.RegisterEventTimeTimer("w", 30);
        timers.DeleteEventTimeTimer("w", 30);
        timers.RegisterProcessingTimeTimer("p", 5_000_000);
        count.Update(7);
        // Nothing is late while a key is processed, and nothing fires before the key ends.
        Assert.Equal(long.MinValue, timers.CurrentWatermark);
        timers.AdvanceWatermark(1_000);
        Assert.Empty(recorder.Fired);

        ((IBatchExecutionKeyedStateBackend)backend).EndKey();

        Assert.Equal(
            [("event", 10L, (object)"a", "w", long.MaxValue), ("event", 50L, "a", "w", long.MaxValue), ("processing", 5_000_000L, "a", "p", long.MaxValue)],
            recorder.Fired);
        Assert.Equal(long.MinValue, timers.CurrentWatermark);
        Assert.Equal(0, timers.NumEventTimeTimers);
        backend.SetCurrentKey("a");
        Assert.Equal(0, count.Value());

        backend.SetCurrentKey("b");
        timers.RegisterEventTimeTimer("w", 1);
        timers.AdvanceWatermark(long.MaxValue);
        Assert.Equal(("event", 1L, (object)"b", "w", long.MaxValue), recorder.Fired[^1]);
    }

    [Fact]
    public void A_batch_backend_refuses_to_snapshot_or_restore()
    {
        var streaming = new HeapKeyedStateBackend<string>(128, new KeyGroupRange(0, 127), TimeProvider.System);
        streaming.SetCurrentKey("a");
        streaming.GetState(new ValueStateDescriptor<long>("count")).Update(1);
        var snapshot = streaming.Snapshot();

        var backend = Backend();
        backend.SetCurrentKey("a");
        backend.GetState(new ValueStateDescriptor<long>("count")).Update(1);
        Assert.Equal("Snapshotting is not supported in BATCH runtime mode.", Assert.Throws<NotSupportedException>(() => backend.Snapshot()).Message);
        Assert.Equal("Restoring keyed state is not supported in BATCH runtime mode.",
            Assert.Throws<NotSupportedException>(() => backend.Restore([snapshot])).Message);
    }

    [Fact]
    public void The_input_buffer_hands_out_keys_in_arrival_order_each_by_timestamp_ties_in_arrival_order()
    {
        var buffer = new KeyGroupedInputBuffer<string, string>();
        buffer.Add("x", 3, 20, "x1");
        buffer.Add("y", -1, 5, "y1");
        buffer.Add("x", 3, 10, "x2");
        buffer.Add("x", 3, 20, "x3");
        buffer.Add("y", -1, 5, "y2");
        buffer.Add("x", 3, 10, "x4");
        var seen = new List<string>();
        buffer.Drain((key, keyGroup, entry) => seen.Add($"{key}{keyGroup}:{entry}"), () => seen.Add("|"));

        Assert.Equal(["x3:x2", "x3:x4", "x3:x1", "x3:x3", "|", "y-1:y1", "y-1:y2", "|"], seen);
        Assert.Equal(0, buffer.Count);
    }
}
