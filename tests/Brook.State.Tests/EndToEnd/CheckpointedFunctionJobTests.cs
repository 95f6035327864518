using System.Collections.Concurrent;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.State.Tests.EndToEnd;

/// <summary>ICheckpointedFunction on the embedded cluster: state initialization per subtask, before Open.</summary>
public sealed class CheckpointedFunctionJobTests
{
    /// <summary>Keeps every value it saw in operator list state and emits how many it holds.</summary>
    private sealed class CountingMap(ConcurrentQueue<int> initializedSubtasks, ConcurrentQueue<string> observations)
        : RichMapFunction<long, (int Subtask, long Value, int Held)>, ICheckpointedFunction
    {
        private int _initializations;
        private bool _opened;
        private IListState<long> _seen = null!;

        public void InitializeState(IFunctionInitializationContext context)
        {
            if (_opened) observations.Enqueue("InitializeState after Open");
            if (context.KeyedStateStore is not null) observations.Enqueue("keyed store on a non-keyed stream");
            _initializations++;
            initializedSubtasks.Enqueue(RuntimeContext.IndexOfThisSubtask);
            _seen = context.OperatorStateStore.GetListState(new ListStateDescriptor<long>("seen"));
            if (!context.OperatorStateStore.RegisteredStateNames.Contains("seen")) observations.Enqueue("list state not registered");
        }

        public override void Open()
        {
            if (_initializations != 1) observations.Enqueue($"Open after {_initializations} initializations");
            _opened = true;
        }

        public override (int Subtask, long Value, int Held) Map(long value)
        {
            _seen.Add(value);
            return (RuntimeContext.IndexOfThisSubtask, value, _seen.Get().Count());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task InitializeState_runs_once_per_subtask_before_Open_and_its_list_state_keeps_the_subtasks_elements(int parallelism)
    {
        const long count = 400;
        var initialized = new ConcurrentQueue<int>();
        var observations = new ConcurrentQueue<string>();
        var results = new ConcurrentQueue<(int Subtask, long Value, int Held)>();
        var env = JobRunner.Environment(parallelism);
        env.FromSequence(1, count).Map(new CountingMap(initialized, observations)).CollectInto(results);
        await env.RunAsync("checkpointed-function");

        Assert.Empty(observations);
        Assert.Equal(Enumerable.Range(0, parallelism), initialized.Order());
        Assert.Equal(Enumerable.Range(1, (int)count).Select(i => (long)i), results.Select(r => r.Value).Order());
        // Each subtask's state holds exactly its own elements: 1, 2, ... n for the n elements it mapped.
        foreach (var subtask in results.GroupBy(r => r.Subtask))
            Assert.Equal(Enumerable.Range(1, subtask.Count()), subtask.Select(r => r.Held).Order());
    }

    /// <summary>A keyed process function that also asks for operator state: it must get both stores before Open.</summary>
    private sealed class KeyedCheckpointed(ConcurrentQueue<string> observations) : KeyedProcessFunction<long, long, long>, ICheckpointedFunction
    {
        private bool _initialized;

        public void InitializeState(IFunctionInitializationContext context)
        {
            if (context.KeyedStateStore is null) observations.Enqueue("no keyed store on a keyed process function");
            context.OperatorStateStore.GetListState(new ListStateDescriptor<long>("offsets"));
            _initialized = true;
        }

        public override void Open()
        {
            if (!_initialized) observations.Enqueue("Open before InitializeState");
        }

        public override void ProcessElement(long value, Context context, ICollector<long> output) => output.Collect(value);
    }

    [Fact]
    public async Task Keyed_process_functions_are_initialized_with_keyed_and_operator_state()
    {
        var observations = new ConcurrentQueue<string>();
        var results = new ConcurrentQueue<long>();
        var env = JobRunner.Environment(2);
        env.FromSequence(1, 100).KeyBy(v => v % 3).Process(new KeyedCheckpointed(observations)).CollectInto(results);
        await env.RunAsync("keyed-checkpointed");

        Assert.Empty(observations);
        Assert.Equal(100, results.Count);
    }
}
