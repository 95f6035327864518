using System.Globalization;
using Brook.Runtime.Metrics;

namespace Brook.Rest.Metrics;

/// <summary>
/// The REST side's copy of every process's metrics (Flink's MetricStore), filed by component: the JobManager,
/// each TaskManager, each job, its tasks (as <c>&lt;subtask&gt;.&lt;name&gt;</c> and <c>&lt;subtask&gt;.&lt;operator&gt;.&lt;name&gt;</c>),
/// their subtasks and attempts, and the JobManager operators (source coordinators). Values are strings, as dumped;
/// a metric keeps its last value until its job or TaskManager is no longer known.
/// </summary>
public sealed class MetricStore
{
    public ComponentMetricStore JobManager { get; } = new();

    public Dictionary<string, ComponentMetricStore> TaskManagers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JobMetricStore> Jobs { get; } = new(StringComparer.Ordinal);

    public TaskMetricStore? Task(string jobId, string vertexId) => Jobs.GetValueOrDefault(jobId)?.Tasks.GetValueOrDefault(vertexId);

    public void RetainJobs(IReadOnlySet<string> jobIds)
    {
        foreach (var id in Jobs.Keys.Where(k => !jobIds.Contains(k)).ToList()) Jobs.Remove(id);
    }

    public void RetainTaskManagers(IReadOnlySet<string> ids)
    {
        foreach (var id in TaskManagers.Keys.Where(k => !ids.Contains(k)).ToList()) TaskManagers.Remove(id);
    }

    public void Add(MetricDump dump)
    {
        var info = dump.Scope;
        var name = info.Scope.Length == 0 ? dump.Name : info.Scope + "." + dump.Name;
        switch (info.Category)
        {
            case QueryScopeCategory.JobManager:
                Put(JobManager, name, dump);
                break;
            case QueryScopeCategory.TaskManager:
                Put(Component(TaskManagers, info.TaskManagerId!), name, dump);
                break;
            case QueryScopeCategory.Job:
                Put(Job(info.JobId!), name, dump);
                break;
            case QueryScopeCategory.Task:
                AddToTask(info, name, dump);
                break;
            case QueryScopeCategory.Operator:
                AddToTask(info, info.OperatorName + "." + name, dump);
                break;
            case QueryScopeCategory.JobManagerOperator:
                Put(Component(Job(info.JobId!).JobManagerOperators, info.VertexId!), info.OperatorName + "." + name, dump);
                break;
        }
    }

    /// <summary>As Flink: an attempt's metrics go to its attempt store, and to the subtask and task stores when it is the newest attempt.</summary>
    private void AddToTask(QueryScopeInfo info, string name, MetricDump dump)
    {
        var task = Job(info.JobId!).Tasks.TryGetValue(info.VertexId!, out var t) ? t : Job(info.JobId!).Tasks[info.VertexId!] = new TaskMetricStore();
        if (!task.Subtasks.TryGetValue(info.SubtaskIndex, out var subtask)) task.Subtasks[info.SubtaskIndex] = subtask = new SubtaskMetricStore();
        Put(Component(subtask.Attempts, info.AttemptNumber), name, dump);
        if (info.AttemptNumber < subtask.RepresentativeAttempt) return;
        if (info.AttemptNumber > subtask.RepresentativeAttempt)
        {
            // A new attempt replaces what the subtask and task show of the old one.
            var prefix = info.SubtaskIndex.ToString(CultureInfo.InvariantCulture) + ".";
            foreach (var k in task.Metrics.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) task.Metrics.Remove(k);
            subtask.Metrics.Clear();
            subtask.RepresentativeAttempt = info.AttemptNumber;
        }
        Put(subtask, name, dump);
        Put(task, info.SubtaskIndex.ToString(CultureInfo.InvariantCulture) + "." + name, dump);
    }

    private JobMetricStore Job(string jobId) => Jobs.TryGetValue(jobId, out var j) ? j : Jobs[jobId] = new JobMetricStore();

    private static ComponentMetricStore Component<TKey>(IDictionary<TKey, ComponentMetricStore> stores, TKey key) where TKey : notnull =>
        stores.TryGetValue(key, out var s) ? s : stores[key] = new ComponentMetricStore();

    /// <summary>Counters, gauges and meters under their name; histograms as Flink stores them: _min, _max, _mean, _median, _stddev and percentiles.</summary>
    private static void Put(ComponentMetricStore target, string name, MetricDump dump)
    {
        if (dump.Kind != MetricKind.Histogram)
        {
            if (dump.Value is not null) target.Metrics[name] = dump.Value;
            return;
        }
        var s = dump.Statistics!;
        target.Metrics[name + "_min"] = MetricRegistry.Format(s.Min)!;
        target.Metrics[name + "_max"] = MetricRegistry.Format(s.Max)!;
        target.Metrics[name + "_mean"] = MetricRegistry.Format(s.Mean)!;
        target.Metrics[name + "_median"] = MetricRegistry.Format(s.GetQuantile(0.5))!;
        target.Metrics[name + "_stddev"] = MetricRegistry.Format(s.StdDev)!;
        target.Metrics[name + "_p75"] = MetricRegistry.Format(s.GetQuantile(0.75))!;
        target.Metrics[name + "_p90"] = MetricRegistry.Format(s.GetQuantile(0.90))!;
        target.Metrics[name + "_p95"] = MetricRegistry.Format(s.GetQuantile(0.95))!;
        target.Metrics[name + "_p98"] = MetricRegistry.Format(s.GetQuantile(0.98))!;
        target.Metrics[name + "_p99"] = MetricRegistry.Format(s.GetQuantile(0.99))!;
        target.Metrics[name + "_p999"] = MetricRegistry.Format(s.GetQuantile(0.999))!;
    }
}

/// <summary>The metrics of one component, by name (Flink's ComponentMetricStore).</summary>
public class ComponentMetricStore
{
    public Dictionary<string, string> Metrics { get; } = new(StringComparer.Ordinal);

    public string? Get(string name) => Metrics.GetValueOrDefault(name);
}

public sealed class JobMetricStore : ComponentMetricStore
{
    public Dictionary<string, TaskMetricStore> Tasks { get; } = new(StringComparer.Ordinal);

    /// <summary>The metrics of the JobManager operators (source coordinators) of each vertex.</summary>
    public Dictionary<string, ComponentMetricStore> JobManagerOperators { get; } = new(StringComparer.Ordinal);
}

public sealed class TaskMetricStore : ComponentMetricStore
{
    public SortedDictionary<int, SubtaskMetricStore> Subtasks { get; } = new();
}

public sealed class SubtaskMetricStore : ComponentMetricStore
{
    public int RepresentativeAttempt { get; set; }

    public SortedDictionary<int, ComponentMetricStore> Attempts { get; } = new();
}
