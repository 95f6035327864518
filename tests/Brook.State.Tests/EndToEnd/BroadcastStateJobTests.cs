using System.Collections.Concurrent;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.State.Tests.EndToEnd;

/// <summary>
/// The broadcast state pattern on the embedded cluster: rules broadcast from a second stream filter the
/// elements of the first. Each rule set ends with a rule marked Last; elements that arrive before it are
/// held in state and evaluated once the rules are complete, so the result does not depend on which input
/// the operator reads first and must equal the LINQ reference exactly.
/// </summary>
public sealed class BroadcastStateJobTests
{
    public sealed record Rule(string Name, long Divisor, bool Last);

    private static readonly MapStateDescriptor<string, long> RulesDescriptor = new("rules");
    private static readonly MapStateDescriptor<string, bool> StatusDescriptor = new("rules-status");

    private static readonly Rule[] Rules = [new("by-3", 3, false), new("by-7", 7, false), new("by-10", 10, true)];

    /// <summary>
    /// The rules read by one source subtask, so every consumer sees the last rule last (FromCollection reads a range per
    /// subtask, and two readers' rules would interleave: the last one could come before another).
    /// </summary>
    private static DataStream<Rule> RulesInOrder(StreamExecutionEnvironment env) => env.FromCollection(Rules).SetParallelism(1);

    private static List<(long Value, string Rule)> Reference(long count) =>
        (from v in Enumerable.Range(1, (int)count).Select(i => (long)i)
         from r in Rules
         where v % r.Divisor == 0
         select (v, r.Name)).Order().ToList();

    private static void Evaluate(long value, IEnumerable<KeyValuePair<string, long>> rules, ICollector<(long Value, string Rule)> output)
    {
        foreach (var (name, divisor) in rules)
            if (value % divisor == 0) output.Collect((value, name));
    }

    /// <summary>Non-keyed: elements that come before the last rule wait in this subtask's operator list state.</summary>
    private sealed class RuleFilter(ConcurrentQueue<string> observations)
        : BroadcastProcessFunction<long, Rule, (long Value, string Rule)>, ICheckpointedFunction
    {
        private IListState<long> _pending = null!;

        public void InitializeState(IFunctionInitializationContext context)
        {
            if (context.KeyedStateStore is not null) observations.Enqueue("keyed store on a non-keyed stream");
            _pending = context.OperatorStateStore.GetListState(new ListStateDescriptor<long>("pending"));
        }

        public override void ProcessElement(long value, ReadOnlyContext context, ICollector<(long Value, string Rule)> output)
        {
            var rules = context.GetBroadcastState(RulesDescriptor);
            if (rules is IBroadcastState<string, long>) observations.Enqueue("read-only side got a writable state");
            if (context.GetBroadcastState(StatusDescriptor).Contains("complete")) Evaluate(value, rules.ImmutableEntries(), output);
            else _pending.Add(value);
        }

        public override void ProcessBroadcastElement(Rule value, Context context, ICollector<(long Value, string Rule)> output)
        {
            var rules = context.GetBroadcastState(RulesDescriptor);
            rules.Put(value.Name, value.Divisor);
            if (!value.Last) return;
            context.GetBroadcastState(StatusDescriptor).Put("complete", true);
            foreach (var pending in _pending.Get()) Evaluate(pending, rules.Entries(), output);
            _pending.Clear();
        }
    }

    /// <summary>
    /// Keyed: elements that come before the last rule wait in keyed list state with an event-time timer at
    /// the end of time, which fires once both inputs ended (the operator's watermark is the minimum of both).
    /// </summary>
    private sealed class KeyedRuleFilter(ConcurrentQueue<string> observations)
        : KeyedBroadcastProcessFunction<long, long, Rule, (long Value, string Rule)>, ICheckpointedFunction
    {
        private IListState<long> _pending = null!;

        public void InitializeState(IFunctionInitializationContext context)
        {
            if (context.KeyedStateStore is null) observations.Enqueue("no keyed store on a keyed stream");
        }

        public override void Open() => _pending = RuntimeContext.GetListState(new ListStateDescriptor<long>("pending"));

        public override void ProcessElement(long value, ReadOnlyContext context, ICollector<(long Value, string Rule)> output)
        {
            if (context.CurrentKey != value % 5) observations.Enqueue($"element {value} processed under key {context.CurrentKey}");
            if (context.GetBroadcastState(StatusDescriptor).Contains("complete"))
            {
                Evaluate(value, context.GetBroadcastState(RulesDescriptor).ImmutableEntries(), output);
                return;
            }
            _pending.Add(value);
            context.TimerService.RegisterEventTimeTimer(long.MaxValue);
        }

        public override void ProcessBroadcastElement(Rule value, Context context, ICollector<(long Value, string Rule)> output)
        {
            context.GetBroadcastState(RulesDescriptor).Put(value.Name, value.Divisor);
            if (value.Last) context.GetBroadcastState(StatusDescriptor).Put("complete", true);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<(long Value, string Rule)> output)
        {
            if (!context.GetBroadcastState(StatusDescriptor).Contains("complete")) observations.Enqueue("timer fired before the rules were complete");
            foreach (var pending in _pending.Get())
            {
                if (pending % 5 != context.CurrentKey) observations.Enqueue($"pending {pending} under key {context.CurrentKey}");
                Evaluate(pending, context.GetBroadcastState(RulesDescriptor).ImmutableEntries(), output);
            }
            _pending.Clear();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Broadcast_rules_filter_a_non_keyed_stream(int parallelism)
    {
        const long count = 3_000;
        var results = new ConcurrentQueue<(long Value, string Rule)>();
        var observations = new ConcurrentQueue<string>();
        var env = JobRunner.Environment(parallelism);
        var rules = RulesInOrder(env).Broadcast(RulesDescriptor, StatusDescriptor);
        env.FromSequence(1, count)
            .Connect(rules)
            .Process(new RuleFilter(observations))
            .CollectInto(results);
        await env.RunAsync("broadcast-rules");

        Assert.Empty(observations);
        Assert.Equal(Reference(count), results.Order().ToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Broadcast_rules_filter_a_keyed_stream_with_keyed_state_and_timers(int parallelism)
    {
        const long count = 3_000;
        var results = new ConcurrentQueue<(long Value, string Rule)>();
        var observations = new ConcurrentQueue<string>();
        var env = JobRunner.Environment(parallelism);
        var rules = RulesInOrder(env).Broadcast(RulesDescriptor, StatusDescriptor);
        env.FromSequence(1, count)
            .KeyBy(v => v % 5)
            .Connect(rules)
            .Process(new KeyedRuleFilter(observations))
            .CollectInto(results);
        await env.RunAsync("keyed-broadcast-rules");

        Assert.Empty(observations);
        Assert.Equal(Reference(count), results.Order().ToList());
    }

    private sealed class UndeclaredStateReader : BroadcastProcessFunction<long, Rule, long>
    {
        public override void ProcessElement(long value, ReadOnlyContext context, ICollector<long> output) =>
            output.Collect(context.GetBroadcastState(new MapStateDescriptor<string, long>("not-declared")).Contains("x") ? 1 : 0);

        public override void ProcessBroadcastElement(Rule value, Context context, ICollector<long> output)
        {
        }
    }

    [Fact]
    public async Task Reading_a_broadcast_state_not_declared_on_the_broadcast_stream_fails_the_job()
    {
        var env = JobRunner.Environment(1);
        var rules = env.FromCollection(Rules).Broadcast(RulesDescriptor);
        env.FromSequence(1, 10).Connect(rules).Process(new UndeclaredStateReader()).CollectInto(new ConcurrentQueue<long>());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => env.RunAsync("undeclared-broadcast-state"));
        Assert.Contains("not-declared", error.ToString());
    }

    [Fact]
    public void A_broadcast_process_function_cannot_run_on_a_keyed_stream()
    {
        var env = JobRunner.Environment(1);
        var rules = env.FromCollection(Rules).Broadcast(RulesDescriptor);
        var connected = env.FromSequence(1, 10).KeyBy(v => v % 2).Connect(rules);
        Assert.Throws<InvalidOperationException>(() => connected.Process(new UndeclaredStateReader()));
    }
}
