using Brook.Streaming.State;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.State;

public sealed class StateTtlTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static T WithTtl<T>(T descriptor, Func<StateTtlConfig.Builder, StateTtlConfig.Builder> configure) where T : StateDescriptor
    {
        descriptor.EnableTimeToLive(configure(StateTtlConfig.NewBuilder(TimeSpan.FromSeconds(10))).Build());
        return descriptor;
    }

    [Fact]
    public void A_value_expires_after_its_ttl_since_the_last_write()
    {
        var time = new FakeTimeProvider(Start);
        var backend = KeyedBackendFactory.Create<string>(time);
        var state = backend.GetState(WithTtl(new ValueStateDescriptor<int>("v", -1), b => b));
        backend.SetCurrentKey("k");
        state.Update(1);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1, state.Value());
        state.Update(2);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(2, state.Value());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(-1, state.Value());
        Assert.False(state.TryGetValue(out _));
    }

    [Fact]
    public void Reads_renew_the_ttl_only_with_on_read_and_write()
    {
        var time = new FakeTimeProvider(Start);
        var backend = KeyedBackendFactory.Create<string>(time);
        var onWrite = backend.GetState(WithTtl(new ValueStateDescriptor<int>("w"), b => b.UpdateTtlOnCreateAndWrite()));
        var onRead = backend.GetState(WithTtl(new ValueStateDescriptor<int>("r"), b => b.UpdateTtlOnReadAndWrite()));
        backend.SetCurrentKey("k");
        onWrite.Update(1);
        onRead.Update(1);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(6));
            onRead.Value();
            if (i == 0) Assert.True(onWrite.TryGetValue(out _));
        }
        Assert.False(onWrite.TryGetValue(out _));
        Assert.True(onRead.TryGetValue(out var v));
        Assert.Equal(1, v);
    }

    [Fact]
    public void Return_expired_if_not_cleaned_up_returns_the_expired_value_once()
    {
        var time = new FakeTimeProvider(Start);
        var backend = KeyedBackendFactory.Create<string>(time);
        var state = backend.GetState(WithTtl(new ValueStateDescriptor<int>("v"), b => b.ReturnExpiredIfNotCleanedUp()));
        backend.SetCurrentKey("k");
        state.Update(5);
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(state.TryGetValue(out var expired));
        Assert.Equal(5, expired);
        Assert.False(state.TryGetValue(out _));
    }

    [Fact]
    public void List_elements_and_map_entries_expire_individually()
    {
        var time = new FakeTimeProvider(Start);
        var backend = KeyedBackendFactory.Create<string>(time);
        var list = backend.GetListState(WithTtl(new ListStateDescriptor<string>("l"), b => b));
        var map = backend.GetMapState(WithTtl(new MapStateDescriptor<string, int>("m"), b => b));
        backend.SetCurrentKey("k");
        list.Add("old");
        map.Put("old", 1);
        time.Advance(TimeSpan.FromSeconds(6));
        list.Add("new");
        map.Put("new", 2);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["new"], list.Get());
        Assert.Equal(["new"], map.Keys());
        Assert.False(map.Contains("old"));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(list.TryGet(out _));
        Assert.True(map.IsEmpty());
    }

    [Fact]
    public void Reducing_state_expires()
    {
        var time = new FakeTimeProvider(Start);
        var backend = KeyedBackendFactory.Create<int>(time);
        var state = backend.GetReducingState(WithTtl(new ReducingStateDescriptor<long>("sum", (a, b) => a + b), b => b));
        backend.SetCurrentKey(1);
        state.Add(3);
        time.Advance(TimeSpan.FromSeconds(10));
        state.Add(4);
        Assert.Equal(4, state.Get());
    }

    [Fact]
    public void Ttl_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StateTtlConfig.NewBuilder(TimeSpan.Zero));
    }
}
