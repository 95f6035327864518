using Brook.Runtime.State;
using Brook.Streaming.State;

namespace Brook.State.Tests.State;

public sealed class KeyedStateSemanticsTests
{
    private sealed class AverageAggregate : IAggregateFunction<int, (long Sum, long Count), double>
    {
        public (long Sum, long Count) CreateAccumulator() => (0, 0);
        public (long Sum, long Count) Add(int value, (long Sum, long Count) acc) => (acc.Sum + value, acc.Count + 1);
        public double GetResult((long Sum, long Count) acc) => (double)acc.Sum / acc.Count;
        public (long Sum, long Count) Merge((long Sum, long Count) a, (long Sum, long Count) b) => (a.Sum + b.Sum, a.Count + b.Count);
    }

    [Fact]
    public void Value_state_is_separate_per_key_and_returns_the_default_for_new_keys()
    {
        var backend = KeyedBackendFactory.Create<string>();
        var state = backend.GetState(new ValueStateDescriptor<int>("count", -1));
        backend.SetCurrentKey("a");
        Assert.Equal(-1, state.Value());
        Assert.False(state.TryGetValue(out _));
        state.Update(5);
        backend.SetCurrentKey("b");
        Assert.Equal(-1, state.Value());
        state.Update(7);
        backend.SetCurrentKey("a");
        Assert.Equal(5, state.Value());
        state.Clear();
        Assert.Equal(-1, state.Value());
        backend.SetCurrentKey("b");
        Assert.Equal(7, state.Value());
    }

    [Fact]
    public void List_state_appends_updates_and_clears()
    {
        var backend = KeyedBackendFactory.Create<int>();
        var state = backend.GetListState(new ListStateDescriptor<string>("list"));
        backend.SetCurrentKey(1);
        Assert.Empty(state.Get());
        Assert.False(state.TryGet(out _));
        state.Add("x");
        state.AddAll(["y", "z"]);
        Assert.Equal(["x", "y", "z"], state.Get());
        backend.SetCurrentKey(2);
        Assert.Empty(state.Get());
        backend.SetCurrentKey(1);
        state.Update(["q"]);
        Assert.Equal(["q"], state.Get());
        state.Update([]);
        Assert.False(state.TryGet(out _));
    }

    [Fact]
    public void Map_state_puts_removes_and_enumerates_per_key()
    {
        var backend = KeyedBackendFactory.Create<long>();
        var state = backend.GetMapState(new MapStateDescriptor<string, int>("map"));
        backend.SetCurrentKey(10L);
        Assert.True(state.IsEmpty());
        state.Put("a", 1);
        state.PutAll([new("b", 2), new("c", 3)]);
        state.Remove("b");
        Assert.True(state.Contains("a"));
        Assert.False(state.Contains("b"));
        Assert.Equal(3, state.Get("c"));
        Assert.Equal(["a", "c"], state.Keys().Order());
        Assert.Equal([1, 3], state.Values().Order());
        backend.SetCurrentKey(11L);
        Assert.True(state.IsEmpty());
        Assert.False(state.TryGet("a", out _));
    }

    [Fact]
    public void Reducing_state_reduces_added_values()
    {
        var backend = KeyedBackendFactory.Create<string>();
        var state = backend.GetReducingState(new ReducingStateDescriptor<int>("max", Math.Max));
        backend.SetCurrentKey("k");
        Assert.False(state.TryGet(out _));
        foreach (var v in new[] { 3, 9, 4 }) state.Add(v);
        Assert.Equal(9, state.Get());
        backend.SetCurrentKey("other");
        state.Add(1);
        Assert.Equal(1, state.Get());
    }

    [Fact]
    public void Aggregating_state_folds_into_an_accumulator_and_reads_the_result()
    {
        var backend = KeyedBackendFactory.Create<string>();
        var state = backend.GetAggregatingState(new AggregatingStateDescriptor<int, (long, long), double>("avg", new AverageAggregate()));
        backend.SetCurrentKey("k");
        state.Add(1);
        state.Add(2);
        state.Add(6);
        Assert.Equal(3.0, state.Get());
    }

    [Fact]
    public void Namespaces_scope_state_within_a_key_and_merge_for_sessions()
    {
        var backend = KeyedBackendFactory.Create<string>();
        var reducing = backend.GetReducingState(new ReducingStateDescriptor<int>("sum", (a, b) => a + b), "w1");
        var list = backend.GetListState(new ListStateDescriptor<int>("elements"), "w1");
        backend.SetCurrentKey("k");
        reducing.Add(1);
        list.Add(1);
        reducing.SetCurrentNamespace("w2");
        list.SetCurrentNamespace("w2");
        reducing.Add(10);
        list.Add(10);
        Assert.Equal(10, reducing.Get());
        reducing.SetCurrentNamespace("w3");
        list.SetCurrentNamespace("w3");
        reducing.Add(100);
        list.Add(100);

        reducing.MergeNamespaces("w3", ["w1", "w2"]);
        list.MergeNamespaces("w3", ["w1", "w2"]);
        Assert.Equal(111, reducing.Get());
        Assert.Equal([1, 10, 100], list.Get().Order());
        reducing.SetCurrentNamespace("w1");
        list.SetCurrentNamespace("w1");
        Assert.False(reducing.TryGet(out _));
        Assert.False(list.TryGet(out _));
    }

    [Fact]
    public void A_state_name_is_bound_to_one_kind()
    {
        var backend = KeyedBackendFactory.Create<string>();
        backend.GetState(new ValueStateDescriptor<int>("s"));
        Assert.Throws<InvalidOperationException>(() => backend.GetListState(new ListStateDescriptor<int>("s")));
        Assert.Throws<InvalidOperationException>(() => backend.GetState(new ValueStateDescriptor<string>("s")));
    }

    [Fact]
    public void Accessing_keyed_state_without_a_current_key_fails_clearly()
    {
        var backend = KeyedBackendFactory.Create<string>();
        var state = backend.GetState(new ValueStateDescriptor<int>("s"));
        var error = Assert.Throws<InvalidOperationException>(() => state.Update(1));
        Assert.Contains("no current key", error.Message);
    }

    [Fact]
    public void A_key_outside_the_subtask_key_groups_is_rejected()
    {
        var backend = KeyedBackendFactory.ForSubtask<int>(0, 2);
        var foreign = Enumerable.Range(0, 1000).First(k => KeyedBackendFactory.OwnerOf(k, 2) == 1);
        Assert.Throws<InvalidOperationException>(() => backend.SetCurrentKey(foreign));
        var own = Enumerable.Range(0, 1000).First(k => KeyedBackendFactory.OwnerOf(k, 2) == 0);
        backend.SetCurrentKey(own);
        Assert.Equal(own, backend.CurrentKey);
    }
}
