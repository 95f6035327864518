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
}
