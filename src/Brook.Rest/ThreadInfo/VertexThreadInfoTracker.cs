using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Rest.ThreadInfo;

/// <summary>
/// Flink's VertexThreadInfoTracker: answers a vertex's (or a subtask's) latest samples from a cache and starts a new
/// sampling when there are none or they are older than rest.flamegraph.refresh-interval, at most one at a time per
/// vertex or subtask. The first request therefore answers nothing yet (the flame graph's "waiting"). Entries not read
/// for rest.flamegraph.cleanup-interval are dropped (Flink's cache expires them after access), checked on each read.
/// </summary>
public sealed class VertexThreadInfoTracker(IDiagnosticsGateway gateway, FlameGraphSettings settings, TimeProvider time, ILogger? log = null)
{
    private readonly ILogger _log = log ?? NullLogger.Instance;
    private readonly Lock _lock = new();
    private readonly Dictionary<VertexKey, Cached> _vertexStats = new();
    private readonly Dictionary<SubtaskKey, Cached> _subtaskStats = new();
    private readonly HashSet<VertexKey> _pendingVertices = [];
    private readonly HashSet<SubtaskKey> _pendingSubtasks = [];
    private long _requestId;

    /// <summary>Raised when a sampling run has ended and its result (if any) is in the cache.</summary>
    internal event Action? SamplingEnded;

    public VertexThreadInfoStats? GetJobVertexStats(JobId job, ArchivedExecutionJobVertex vertex)
    {
        var key = new VertexKey(job, vertex.Id);
        lock (_lock)
        {
            CleanUp();
            var stats = Read(_vertexStats, key);
            if (NeedsRefresh(stats) && !_pendingVertices.Contains(key))
            {
                var tasks = Running(vertex.Subtasks);
                if (tasks.Count > 0)
                {
                    _pendingVertices.Add(key);
                    _ = Task.Run(() => SampleAsync(tasks, (s, end) => StoreVertex(key, s, end), () => _pendingVertices.Remove(key), vertex.Name));
                }
            }
            return stats;
        }
    }

    public VertexThreadInfoStats? GetExecutionVertexStats(JobId job, ArchivedExecutionJobVertex vertex, int subtaskIndex)
    {
        var key = new SubtaskKey(new VertexKey(job, vertex.Id), subtaskIndex);
        lock (_lock)
        {
            CleanUp();
            var stats = Read(_subtaskStats, key);
            if (NeedsRefresh(stats) && !_pendingVertices.Contains(key.Vertex) && !_pendingSubtasks.Contains(key))
            {
                var tasks = Running(vertex.Subtasks.Where(s => s.SubtaskIndex == subtaskIndex));
                if (tasks.Count > 0)
                {
                    _pendingSubtasks.Add(key);
                    var name = TaskInfo.TaskNameWithSubtasks(vertex.Name, subtaskIndex, vertex.Parallelism, vertex.Subtasks[subtaskIndex].CurrentExecution.AttemptNumber);
                    _ = Task.Run(() => SampleAsync(tasks, (s, _) => Put(_subtaskStats, key, s), () => _pendingSubtasks.Remove(key), name));
                }
            }
            return stats;
        }
    }

    private bool NeedsRefresh(VertexThreadInfoStats? stats) =>
        stats is null || time.GetUtcNow().ToUnixTimeMilliseconds() >= stats.EndTime + (long)settings.RefreshInterval.TotalMilliseconds;

    /// <summary>The attempts Flink samples: RUNNING or INITIALIZING, with a TaskManager.</summary>
    private static List<(ResourceId TaskManager, ExecutionAttemptId Attempt, int Subtask)> Running(IEnumerable<ArchivedExecutionVertex> subtasks) =>
        subtasks.Select(s => (s.SubtaskIndex, Execution: s.CurrentExecution))
            .Where(s => s.Execution.State is ExecutionState.RUNNING or ExecutionState.INITIALIZING && s.Execution.TaskManagerId is not null)
            .Select(s => (s.Execution.TaskManagerId!.Value, s.Execution.AttemptId, s.SubtaskIndex))
            .ToList();

    /// <summary>Runs off the caller's lock and request (the sampling takes num-samples × delay) and stores what it gets.</summary>
    private async Task SampleAsync(List<(ResourceId TaskManager, ExecutionAttemptId Attempt, int Subtask)> tasks,
        Action<VertexThreadInfoStats, long> store, Action done, string name)
    {
        var requestId = Interlocked.Increment(ref _requestId);
        var start = time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var samples = await gateway.RequestThreadInfoSamplesAsync(tasks.Select(t => (t.TaskManager, t.Attempt)).ToList(), settings.Request,
                CancellationToken.None).ConfigureAwait(false);
            var subtaskOf = tasks.ToDictionary(t => t.Attempt, t => t.Subtask);
            var stats = new VertexThreadInfoStats(requestId, start, time.GetUtcNow().ToUnixTimeMilliseconds(),
                samples.ToDictionary(kv => kv.Key, kv => new SubtaskSamples(subtaskOf[kv.Key], kv.Value)));
            lock (_lock) store(stats, stats.EndTime);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Failed to gather a thread info sample for {Name}.", name);
        }
        finally
        {
            lock (_lock) done();
            SamplingEnded?.Invoke();
        }
    }

    /// <summary>A vertex sampling also refreshes each of its subtasks' entries, as in Flink.</summary>
    private void StoreVertex(VertexKey key, VertexThreadInfoStats stats, long end)
    {
        Put(_vertexStats, key, stats);
        foreach (var (attempt, subtask) in stats.SamplesBySubtask)
        {
            var subtaskKey = new SubtaskKey(key, subtask.SubtaskIndex);
            var old = Read(_subtaskStats, subtaskKey);
            if (old is null || old.RequestId < stats.RequestId)
            {
                Put(_subtaskStats, subtaskKey, new VertexThreadInfoStats(stats.RequestId, stats.StartTime, end,
                    new Dictionary<ExecutionAttemptId, SubtaskSamples> { [attempt] = subtask }));
            }
            else if (old.RequestId == stats.RequestId)
            {
                Put(_subtaskStats, subtaskKey, old with
                {
                    SamplesBySubtask = new Dictionary<ExecutionAttemptId, SubtaskSamples>(old.SamplesBySubtask) { [attempt] = subtask },
                });
            }
        }
    }

    private VertexThreadInfoStats? Read<TKey>(Dictionary<TKey, Cached> cache, TKey key) where TKey : notnull
    {
        if (!cache.TryGetValue(key, out var cached)) return null;
        cache[key] = cached with { LastAccess = time.GetUtcNow() };
        return cached.Stats;
    }

    private void Put<TKey>(Dictionary<TKey, Cached> cache, TKey key, VertexThreadInfoStats stats) where TKey : notnull =>
        cache[key] = new Cached(stats, time.GetUtcNow());

    private void CleanUp()
    {
        var expiry = time.GetUtcNow() - settings.CleanupInterval;
        foreach (var k in _vertexStats.Where(kv => kv.Value.LastAccess <= expiry).Select(kv => kv.Key).ToList()) _vertexStats.Remove(k);
        foreach (var k in _subtaskStats.Where(kv => kv.Value.LastAccess <= expiry).Select(kv => kv.Key).ToList()) _subtaskStats.Remove(k);
    }

    private readonly record struct VertexKey(JobId Job, JobVertexId Vertex);

    private readonly record struct SubtaskKey(VertexKey Vertex, int SubtaskIndex);

    private sealed record Cached(VertexThreadInfoStats Stats, DateTimeOffset LastAccess);
}
