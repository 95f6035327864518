using Brook.Runtime.Diagnostics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.TaskExecutor;

/// <summary>The TaskExecutor's thread info gateway (Flink's TaskExecutorThreadInfoGateway): stack samples of its task threads.</summary>
public sealed partial class TaskExecutor
{
    /// <summary>Reads the task threads' stacks (the cluster's EventPipe sampler); without one this TaskManager cannot be sampled.</summary>
    public IStackSampler? StackSampler { get; init; }

    private IStackSampler Sampler => StackSampler ?? throw new InvalidOperationException($"TaskManager {Id} has no stack sampler.");

    /// <summary>Raised when a sampling of task threads here has ended.</summary>
    public event Action? ThreadInfoSampled;

    /// <summary>The running task threads: OS thread id → thread name ("&lt;task&gt; (&lt;i&gt;/&lt;n&gt;)#&lt;attempt&gt;").</summary>
    public IReadOnlyDictionary<long, string> TaskThreads()
    {
        lock (_tasksLock)
        {
            return _tasks.Values.Where(t => t.OsThreadId >= 0).ToDictionary(t => t.OsThreadId, t => t.ThreadName);
        }
    }

    /// <summary>
    /// Samples the threads of the given attempts running here (Flink's requestThreadInfoSamples); attempts that are not
    /// running here, or whose thread has not started, are left out of the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>> RequestThreadInfoSamplesAsync(
        IReadOnlyCollection<ExecutionAttemptId> attempts, ThreadInfoSamplesRequest request, CancellationToken cancellationToken)
    {
        var threads = new Dictionary<long, (ExecutionAttemptId Attempt, string Name)>();
        lock (_tasksLock)
        {
            foreach (var attempt in attempts)
            {
                if (_tasks.TryGetValue(attempt, out var task) && task.OsThreadId >= 0) threads[task.OsThreadId] = (attempt, task.ThreadName);
            }
        }
        try
        {
            var samples = await ThreadInfoSampling.SampleAsync(Sampler, threads.ToDictionary(t => t.Key, t => t.Value.Name), request, cancellationToken);
            return samples.ToDictionary(kv => threads[kv.Key].Attempt, kv => kv.Value);
        }
        finally
        {
            ThreadInfoSampled?.Invoke();
        }
    }

    /// <summary>The current stack of each of this TaskManager's task threads.</summary>
    public Task<IReadOnlyList<ThreadInfoSample>> RequestThreadDumpAsync(int maxDepth, CancellationToken cancellationToken)
    {
        var threads = TaskThreads();
        if (threads.Count == 0) return Task.FromResult<IReadOnlyList<ThreadInfoSample>>([]);
        return ThreadDumper.DumpAsync(Sampler, threads.ContainsKey, id => threads[id], maxDepth, cancellationToken);
    }
}
