using Brook.Core.Hashing;
using Brook.Runtime.State;
using Brook.State.Tests.Harness;
using Brook.State.Tests.State;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;

namespace Brook.State.Tests.Operators;

/// <summary>
/// The rolling aggregations' batch entries (a keyBy buffer with its key groups, as records or as values without
/// timestamps) against the same records one by one: the same running results in the same order, with the running values
/// in the operator's dictionary, and in keyed state (a job with checkpoints), where the snapshots must be byte-equal too.
/// </summary>
public sealed class RollingBatchPathTests
{
    private const int MaxParallelism = 128;

    private static readonly AggregationKind[] Kinds = [AggregationKind.Sum, AggregationKind.Min, AggregationKind.Max];

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Sum_min_and_max_in_batches_equal_record_by_record(bool checkpointing, bool values)
    {
        foreach (var kind in Kinds)
        {
            AssertBatchesEqualRecords(
                () => new StreamKeyedAggregation<(string Key, long Value), string, long>(v => v.Value, v => v.Key, kind),
                checkpointing, values, seed: (int)kind);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Reduce_in_batches_equals_record_by_record(bool checkpointing, bool values)
    {
        AssertBatchesEqualRecords(
            () => new StreamGroupedReduce<(string Key, long Value), string>((a, b) => (a.Key, a.Value * 3 + b.Value), v => v.Key),
            checkpointing, values, seed: 7);
    }

    [Fact]
    public void Value_state_slots_read_back_as_updates_and_snapshot_alike_and_are_withheld_with_ttl()
    {
        var viaSlots = KeyedBackendFactory.Create<string>();
        var viaUpdates = KeyedBackendFactory.Create<string>();
        var slotState = viaSlots.GetState(new ValueStateDescriptor<long>("v"));
        var updateState = viaUpdates.GetState(new ValueStateDescriptor<long>("v"));
        var slots = Assert.IsAssignableFrom<IKeyedValueSlots<string, long>>(slotState);
        Assert.True(slots.HasSlots);
        foreach (var (key, add) in new[] { ("a", 1L), ("b", 2L), ("a", 4L), ("c", 8L), ("b", 16L) })
        {
            ref var slot = ref slots.GetValueRefOrAddDefault(key, KeyGroupOf(key), out var exists);
            slot = exists ? slot + add : add;
            viaUpdates.SetCurrentKey(key);
            updateState.Update(updateState.TryGetValue(out var current) ? current + add : add);
        }
        foreach (var (key, expected) in new[] { ("a", 5L), ("b", 18L), ("c", 8L) })
        {
            viaSlots.SetCurrentKey(key);
            Assert.Equal(expected, slotState.Value());
        }
        Assert.Equal(viaUpdates.Snapshot(), viaSlots.Snapshot());

        var withTtl = new ValueStateDescriptor<long>("ttl");
        withTtl.EnableTimeToLive(StateTtlConfig.NewBuilder(TimeSpan.FromSeconds(10)).Build());
        Assert.False(Assert.IsAssignableFrom<IKeyedValueSlots<string, long>>(viaSlots.GetState(withTtl)).HasSlots);
    }

    /// <summary>
    /// Runs one random stream (200 keys over many key groups, buffers of 1–300 records) through two operators: one buffer
    /// at a time through the batch entry, and record by record; compares outputs and, with keyed state, snapshots.
    /// </summary>
    private static void AssertBatchesEqualRecords<TOut, TValue>(Func<RollingKeyedOperator<(string Key, long Value), string, TOut, TValue>> create,
        bool checkpointing, bool values, int seed)
    {
        var batchedBackend = new CapturingBackend();
        var singleBackend = new CapturingBackend();
        var batched = create();
        var single = create();
        var hb = new OperatorHarness<TOut>(batched, maxParallelism: MaxParallelism, stateBackend: batchedBackend.With, checkpointing: checkpointing);
        var hs = new OperatorHarness<TOut>(single, maxParallelism: MaxParallelism, stateBackend: singleBackend.With, checkpointing: checkpointing);
        var random = new Random(seed);
        var time = 0L;
        for (var buffer = 0; buffer < 40; buffer++)
        {
            var inputs = new List<((string Key, long Value) Value, long Timestamp)>();
            var size = random.Next(1, 300);
            for (var i = 0; i < size; i++)
            {
                time += random.Next(0, 40);
                inputs.Add((("k" + random.Next(200), random.Next(-50, 100)), values ? StreamRecord.NoTimestamp : time));
            }
            var keyGroups = inputs.Select(r => KeyGroupOf(r.Value.Key)).ToArray();
            if (values)
                ((IKeyGroupedValueBatchInput<(string Key, long Value)>)batched).ProcessValues(inputs.Select(r => r.Value).ToArray(), keyGroups);
            else
                ((IKeyGroupedBatchInput<(string Key, long Value)>)batched).ProcessBatch(inputs.Select(r => new StreamRecord<(string Key, long Value)>(r.Value, r.Timestamp)).ToArray(), keyGroups);
            for (var i = 0; i < inputs.Count; i++)
                ((IKeyGroupedInput<(string Key, long Value)>)single).ProcessElement(new StreamRecord<(string Key, long Value)>(inputs[i].Value, inputs[i].Timestamp), keyGroups[i]);
            Assert.Equal(hs.Output.Records, hb.Output.Records);
            if (checkpointing && buffer % 9 == 4) Assert.Equal(singleBackend.Snapshot(), batchedBackend.Snapshot());
        }
        Assert.InRange(hs.Output.Records.Count, 1_000, 12_000);
        if (checkpointing) Assert.Equal(singleBackend.Snapshot(), batchedBackend.Snapshot());
    }

    private static int KeyGroupOf(string key) => KeyGroupRangeAssignment.AssignToKeyGroup(KeyHasher<string>.Hash(key), MaxParallelism);
}
