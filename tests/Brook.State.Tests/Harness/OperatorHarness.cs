using Brook.Core.Hashing;
using Brook.Runtime.State;
using Brook.Streaming.Operators;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.Harness;

/// <summary>Drives one operator the way a StreamTask would: set up, open, records, watermarks, processing time, end of input.</summary>
internal sealed class OperatorHarness<TOut>
{
    public OperatorHarness(IStreamOperator<TOut> op, long startMillis = 0, int maxParallelism = 128, KeyGroupRange? keyGroups = null,
        Func<TimeProvider, IStateBackend>? stateBackend = null, bool checkpointing = false)
    {
        Operator = op;
        Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(startMillis));
        ProcessingTime = new ManualProcessingTimeService(Time);
        op.Setup(new StreamOperatorParameters<TOut>
        {
            Output = Output,
            RuntimeContext = new TestRuntimeContext(),
            ProcessingTimeService = ProcessingTime,
            OperatorId = "0123456789abcdef0123456789abcdef",
            MaxParallelism = maxParallelism,
            KeyGroupRange = keyGroups ?? new KeyGroupRange(0, maxParallelism - 1),
            StateBackend = stateBackend?.Invoke(Time) ?? new HashMapStateBackend(Time),
            IsCheckpointingEnabled = checkpointing,
        });
        op.Open();
    }

    public IStreamOperator<TOut> Operator { get; }
    public FakeTimeProvider Time { get; }
    public ManualProcessingTimeService ProcessingTime { get; }
    public CollectingOutput<TOut> Output { get; } = new();

    public List<TOut> Values => Output.Records.Select(r => r.Value).ToList();

    public void Element<TIn>(TIn value, long timestamp = StreamRecord.NoTimestamp) =>
        ((IOneInputStreamOperator<TIn>)Operator).ProcessElement(new StreamRecord<TIn>(value, timestamp));

    /// <summary>A watermark on a one-input operator.</summary>
    public void Watermark(long timestamp) => ((AbstractStreamOperator<TOut>)Operator).ProcessWatermark(new Watermark(timestamp));

    public void Element1<TIn1, TIn2>(TIn1 value, long timestamp = StreamRecord.NoTimestamp) =>
        ((ITwoInputStreamOperator<TIn1, TIn2>)Operator).ProcessElement1(new StreamRecord<TIn1>(value, timestamp));

    public void Element2<TIn1, TIn2>(TIn2 value, long timestamp = StreamRecord.NoTimestamp) =>
        ((ITwoInputStreamOperator<TIn1, TIn2>)Operator).ProcessElement2(new StreamRecord<TIn2>(value, timestamp));

    public void Watermark1<TIn1, TIn2>(long timestamp) => ((ITwoInputStreamOperator<TIn1, TIn2>)Operator).ProcessWatermark1(new Watermark(timestamp));

    public void Watermark2<TIn1, TIn2>(long timestamp) => ((ITwoInputStreamOperator<TIn1, TIn2>)Operator).ProcessWatermark2(new Watermark(timestamp));

    public void AdvanceProcessingTime(long epochMillis) => ProcessingTime.AdvanceTo(epochMillis);

    public void Close()
    {
        Operator.Finish();
        Operator.Close();
    }
}
