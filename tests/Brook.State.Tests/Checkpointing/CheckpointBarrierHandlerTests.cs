using Brook.Core.Configuration;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.State.Tests.Checkpointing;

/// <summary>Barrier alignment on a gate of two channels, driven by hand: what is processed before each snapshot.</summary>
public sealed class CheckpointBarrierHandlerTests
{
    private readonly LocalInputChannel<int>[] _channels = [new(8, 4), new(8, 4)];
    private readonly List<int> _processed = [];
    private readonly List<(long Id, int[] ProcessedBefore)> _snapshots = [];
    private readonly List<long> _declined = [];
    private readonly InputGate<int> _gate;

    public CheckpointBarrierHandlerTests() => _gate = new InputGate<int>(_channels, new InputSignal());

    private void Bind(CheckpointingMode mode) =>
        _gate.BindBarrierHandler(new CheckpointBarrierHandler(mode, TimeProvider.System,
            (barrier, _, _) => _snapshots.Add((barrier.Id, _processed.ToArray())), (id, _) => _declined.Add(id)), 0);

    private void Record(int channel, int value)
    {
        var b = _channels[channel].RequestBuffer();
        b.Records[b.Count++] = new StreamRecord<int>(value);
        Assert.True(_channels[channel].Offer(b, CancellationToken.None, null));
    }

    private void Barrier(int channel, long id) => Event(channel, BufferKind.CheckpointBarrier, new CheckpointBarrier(id, 0));

    private void Event(int channel, BufferKind kind, CheckpointBarrier? barrier = null)
    {
        var b = _channels[channel].RequestBuffer();
        b.Kind = kind;
        b.Barrier = barrier;
        Assert.True(_channels[channel].Offer(b, CancellationToken.None, null));
    }

    /// <summary>Polls until the gate has nothing to give.</summary>
    private void Drain()
    {
        while (true)
        {
            var r = _gate.Poll(out var buffer, out var channel);
            if (r is GateResult.NothingAvailable or GateResult.EndOfInput) return;
            if (r != GateResult.Data) continue;
            for (var i = 0; i < buffer.Count; i++) _processed.Add(buffer.Records[i].Value);
            _gate.Recycle(channel, buffer);
        }
    }

    [Fact]
    public void Exactly_once_holds_back_a_channel_after_its_barrier_until_every_channel_delivered_it()
    {
        Bind(CheckpointingMode.EXACTLY_ONCE);
        Record(0, 1);
        Barrier(0, 1);
        Record(0, 2);
        Record(1, 10);
        Drain();
        Assert.Equal([1, 10], _processed.Order());
        Assert.Empty(_snapshots);

        Barrier(1, 1);
        Record(1, 11);
        Drain();
        var snapshot = Assert.Single(_snapshots);
        Assert.Equal(1, snapshot.Id);
        Assert.Equal([1, 10], snapshot.ProcessedBefore.Order());
        Assert.Equal([1, 2, 10, 11], _processed.Order());
    }

    [Fact]
    public void At_least_once_does_not_block_and_snapshots_when_the_last_barrier_arrives()
    {
        Bind(CheckpointingMode.AT_LEAST_ONCE);
        Record(0, 1);
        Barrier(0, 1);
        Record(0, 2);
        Record(1, 10);
        Drain();
        Assert.Equal([1, 2, 10], _processed.Order());
        Assert.Empty(_snapshots);
        Barrier(1, 1);
        Drain();
        Assert.Equal([1, 2, 10], Assert.Single(_snapshots).ProcessedBefore.Order());
    }

    [Fact]
    public void An_ended_channel_counts_as_having_delivered_the_barrier()
    {
        Bind(CheckpointingMode.EXACTLY_ONCE);
        Barrier(0, 1);
        Record(0, 2);
        Record(1, 10);
        Event(1, BufferKind.EndOfPartition);
        Drain();
        Assert.Equal([10], Assert.Single(_snapshots).ProcessedBefore);
        Assert.Equal([2, 10], _processed.Order());
    }

    [Fact]
    public void A_newer_barrier_abandons_the_checkpoint_being_aligned()
    {
        Bind(CheckpointingMode.EXACTLY_ONCE);
        Barrier(0, 1);
        Record(0, 2);
        Barrier(0, 2);
        Drain();
        Barrier(1, 2);
        Drain();
        Assert.Equal([1L], _declined);
        Assert.Equal(2, Assert.Single(_snapshots).Id);
        Assert.Equal([2], _snapshots[0].ProcessedBefore);
    }

    private readonly List<(long Id, int[] ProcessedBefore, ChannelStateWriter InFlight)> _unaligned = [];
    private readonly List<(TimeSpan Delay, Action Action)> _timers = [];

    private CheckpointBarrierHandler? _handler;


    private void BindUnaligned() =>
        _gate.BindBarrierHandler(_handler = new CheckpointBarrierHandler(CheckpointingMode.EXACTLY_ONCE, TimeProvider.System,
            (barrier, _, _) => _snapshots.Add((barrier.Id, _processed.ToArray())), (id, _) => _declined.Add(id),
            (barrier, _, _, inFlight) => _unaligned.Add((barrier.Id, _processed.ToArray(), inFlight)), (delay, action) => _timers.Add((delay, action))), 0);

    /// <summary>A barrier that overtakes what channel <paramref name="channel"/> holds; <paramref name="sentBefore"/> buffers were sent before it.</summary>
    private void PriorityBarrier(int channel, long id, long sentBefore, long alignedTimeoutMillis) =>
        _channels[channel].OfferPriority(new PriorityBarrier<int>(
            new CheckpointBarrier(id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) { AlignedTimeoutMillis = alignedTimeoutMillis }, sentBefore, sentBefore, []));

    private static List<long> Values(IReadOnlyList<InputChannelStateEntry> entries) =>
        entries.Select(e => MessagePack.MessagePackSerializer.Deserialize<(int, long)>(e.Record, Brook.Runtime.State.StateSerialization.Options).Item1)
            .Select(v => (long)v).ToList();

    [Fact]
    public async Task An_unaligned_barrier_snapshots_at_once_and_persists_exactly_the_records_sent_before_it_on_every_channel()
    {
        BindUnaligned();
        Record(0, 1);
        Record(0, 2);
        PriorityBarrier(0, 1, sentBefore: 2, alignedTimeoutMillis: 0);
        Record(0, 3);
        Record(1, 10);
        Record(1, 11);
        Drain();
        // The snapshot came first, before anything queued; every record was processed, none held back.
        var (id, before, inFlight) = Assert.Single(_unaligned);
        Assert.Equal(1L, id);
        Assert.Empty(before);
        Assert.Equal([1, 2, 3, 10, 11], _processed.Order());
        Assert.False(inFlight.Completion.IsCompleted);
        // Channel 1's barrier: the two records it sent before are in-flight state, what follows is not.
        PriorityBarrier(1, 1, sentBefore: 2, alignedTimeoutMillis: 0);
        Record(1, 12);
        Drain();
        Assert.Equal([1L, 2L, 10L, 11L], Values(await inFlight.Completion).Order());
        Assert.Empty(_snapshots);
        Assert.Empty(_declined);
    }

    [Fact]
    public async Task An_aligned_barrier_with_a_timeout_aligns_on_the_overtaken_positions_and_switches_to_unaligned_when_it_fires()
    {
        BindUnaligned();
        Record(0, 1);
        PriorityBarrier(0, 1, sentBefore: 1, alignedTimeoutMillis: 60_000);
        Record(0, 2);
        Record(1, 10);
        Drain();
        // Aligning: channel 0 delivered what preceded its barrier and is held back; channel 1 flows.
        Assert.Empty(_unaligned);
        Assert.Equal([1, 10], _processed.Order());
        var (_, timeout) = Assert.Single(_timers);
        timeout();
        var (id, before, inFlight) = Assert.Single(_unaligned);
        Assert.Equal(1L, id);
        Assert.Equal([1, 10], before.Order());
        Record(1, 11);
        Drain();
        // Channel 0 was released; channel 1's records until its barrier are in flight.
        Assert.Equal([1, 2, 10, 11], _processed.Order());
        PriorityBarrier(1, 1, sentBefore: 2, alignedTimeoutMillis: 60_000);
        Drain();
        Assert.Equal([11L], Values(await inFlight.Completion));
        Assert.Empty(_snapshots);
    }

    [Fact]
    public void An_aligned_barrier_with_a_timeout_that_aligns_in_time_takes_an_aligned_snapshot()
    {
        BindUnaligned();
        PriorityBarrier(0, 1, sentBefore: 0, alignedTimeoutMillis: 60_000);
        Record(0, 2);
        Record(1, 10);
        PriorityBarrier(1, 1, sentBefore: 1, alignedTimeoutMillis: 60_000);
        Drain();
        Assert.Equal(1, Assert.Single(_snapshots).Id);
        Assert.Equal([10], _snapshots[0].ProcessedBefore);
        Assert.Empty(_unaligned);
        Assert.Equal([2, 10], _processed.Order());
        // The timer of a checkpoint that completed aligned does nothing.
        Assert.Single(_timers).Action();
        Assert.Empty(_unaligned);
    }

    [Fact]
    public async Task An_abort_fails_the_in_flight_collection_and_the_task_goes_on()
    {
        BindUnaligned();
        PriorityBarrier(0, 1, sentBefore: 0, alignedTimeoutMillis: 0);
        Record(1, 10);
        Drain();
        var inFlight = Assert.Single(_unaligned).InFlight;
        _handler!.Abort(1);
        await Assert.ThrowsAsync<CheckpointException>(() => inFlight.Completion);
        Record(1, 11);
        Drain();
        Assert.Equal([10, 11], _processed.Order());
    }
    /// <summary>Takes one event (a priority barrier) from the gate without processing any data.</summary>
    private void PollEvent() => Assert.Equal(GateResult.Event, _gate.Poll(out _, out _));

    [Fact]
    public void A_channel_captured_at_the_switch_to_unaligned_is_not_counted_as_aligned_for_the_next_checkpoint()
    {
        BindUnaligned();
        Record(0, 1);
        Record(0, 2);
        PriorityBarrier(0, 1, sentBefore: 2, alignedTimeoutMillis: 60_000);
        PollEvent();
        // The timeout fires before channel 0 delivered what its barrier overtook: both records are channel state.
        _timers[0].Action();
        PriorityBarrier(1, 1, sentBefore: 0, alignedTimeoutMillis: 60_000);
        PollEvent();
        Assert.Single(_unaligned);
        // Checkpoint 2 starts on channel 1 while channel 0 still holds records from before checkpoint 1's barrier.
        PriorityBarrier(1, 2, sentBefore: 0, alignedTimeoutMillis: 60_000);
        PollEvent();
        Record(0, 3);
        Drain();
        // Record 3 precedes channel 0's barrier of checkpoint 2: the snapshot must wait for it.
        Assert.Empty(_snapshots);
        Assert.Equal([1, 2, 3], _processed.Order());
        PriorityBarrier(0, 2, sentBefore: 3, alignedTimeoutMillis: 60_000);
        Drain();
        var snapshot = Assert.Single(_snapshots);
        Assert.Equal(2, snapshot.Id);
        Assert.Equal([1, 2, 3], snapshot.ProcessedBefore.Order());
    }

    [Fact]
    public async Task A_channel_captured_by_one_unaligned_checkpoint_persists_everything_before_the_next_ones_barrier()
    {
        BindUnaligned();
        Record(0, 1);
        Record(0, 2);
        PriorityBarrier(0, 1, sentBefore: 2, alignedTimeoutMillis: 0);
        PollEvent();
        PriorityBarrier(1, 1, sentBefore: 0, alignedTimeoutMillis: 0);
        PollEvent();
        Assert.Equal([1L, 2L], Values(await _unaligned[0].InFlight.Completion).Order());
        // Checkpoint 2 snapshots before channel 0's records 1 and 2 (overtaken by checkpoint 1's barrier) were processed.
        PriorityBarrier(1, 2, sentBefore: 0, alignedTimeoutMillis: 0);
        PollEvent();
        Record(0, 3);
        Drain();
        PriorityBarrier(0, 2, sentBefore: 3, alignedTimeoutMillis: 0);
        Drain();
        Assert.Equal(2, _unaligned.Count);
        Assert.Empty(_unaligned[1].ProcessedBefore);
        Assert.Equal([1L, 2L, 3L], Values(await _unaligned[1].InFlight.Completion).Order());
    }

    [Fact]
    public void The_position_of_an_abandoned_checkpoints_barrier_does_not_align_the_next_checkpoint()
    {
        BindUnaligned();
        Record(0, 1);
        PriorityBarrier(0, 1, sentBefore: 1, alignedTimeoutMillis: 60_000);
        PollEvent();
        _handler!.Abort(1);
        PriorityBarrier(1, 2, sentBefore: 0, alignedTimeoutMillis: 60_000);
        PollEvent();
        Record(0, 2);
        Drain();
        // Record 2 came before channel 0's barrier of checkpoint 2.
        Assert.Empty(_snapshots);
        Assert.Equal([1, 2], _processed.Order());
        PriorityBarrier(0, 2, sentBefore: 2, alignedTimeoutMillis: 60_000);
        Drain();
        Assert.Equal([1, 2], Assert.Single(_snapshots).ProcessedBefore.Order());
    }
}
