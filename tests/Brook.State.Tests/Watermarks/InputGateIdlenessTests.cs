using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.State.Tests.Watermarks;

/// <summary>The input watermark of a gate is the minimum over its channels that are not idle.</summary>
public sealed class InputGateIdlenessTests
{
    private sealed class Gate : IDisposable
    {
        private readonly InputSignal _signal = new();
        private readonly LocalInputChannel<int>[] _channels;

        public Gate(int channels)
        {
            _channels = Enumerable.Range(0, channels).Select(_ => new LocalInputChannel<int>(16, 4)).ToArray();
            InputGate = new InputGate<int>(_channels, _signal);
        }

        public InputGate<int> InputGate { get; }

        public List<long> Watermarks { get; } = [];

        public List<WatermarkStatus> Statuses { get; } = [];

        public void Watermark(int channel, long watermark) => Send(channel, BufferKind.Watermark, watermark);

        public void Status(int channel, WatermarkStatus status) => Send(channel, BufferKind.WatermarkStatus, (long)status);

        public void End(int channel) => Send(channel, BufferKind.EndOfPartition, 0);

        private void Send(int channel, BufferKind kind, long value)
        {
            var buffer = _channels[channel].RequestBuffer();
            buffer.Kind = kind;
            buffer.Watermark = value;
            Assert.True(_channels[channel].Offer(buffer, CancellationToken.None, null));
            while (InputGate.Poll(out _, out _) == GateResult.Event)
            {
                if (InputGate.TakeStatusChange() is { } s) Statuses.Add(s);
                if (InputGate.TakeWatermarkAdvance() is { } w) Watermarks.Add(w.Timestamp);
            }
        }

        public void Dispose() => _signal.Dispose();
    }

    [Fact]
    public void An_idle_channel_is_left_out_of_the_minimum_and_counts_again_once_it_catches_up()
    {
        using var gate = new Gate(2);
        gate.Watermark(0, 100);
        Assert.Empty(gate.Watermarks);
        gate.Status(1, WatermarkStatus.Idle);
        Assert.Equal([100L], gate.Watermarks);
        gate.Watermark(0, 200);
        Assert.Equal([100L, 200L], gate.Watermarks);

        // Channel 1 resumes behind the gate: it does not hold channel 0 back until it catches up.
        gate.Status(1, WatermarkStatus.Active);
        gate.Watermark(1, 150);
        gate.Watermark(0, 300);
        Assert.Equal([100L, 200L, 300L], gate.Watermarks);
        gate.Watermark(1, 310);
        gate.Watermark(0, 400);
        Assert.Equal([100L, 200L, 300L, 310L], gate.Watermarks);
        Assert.Empty(gate.Statuses);
    }

    [Fact]
    public void The_gate_is_idle_when_all_open_channels_are_and_an_ended_channel_alone_does_not_advance_it()
    {
        using var gate = new Gate(2);
        gate.Watermark(1, 50);
        gate.End(0);
        Assert.Equal([50L], gate.Watermarks);
        gate.Status(1, WatermarkStatus.Idle);
        Assert.Equal([WatermarkStatus.Idle], gate.Statuses);
        Assert.Equal([50L], gate.Watermarks);
        gate.Status(1, WatermarkStatus.Active);
        Assert.Equal([WatermarkStatus.Idle, WatermarkStatus.Active], gate.Statuses);
        gate.End(1);
        Assert.Equal([50L, long.MaxValue], gate.Watermarks);
    }
}
