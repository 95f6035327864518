using Brook.Runtime.ExecutionGraph;

namespace Brook.Rest.Gateway;

/// <summary>
/// Everything the job views read about one job (Flink's ExecutionGraphInfo): a consistent snapshot of its
/// ExecutionGraph plus what was fixed at submission (plan and configuration).
/// </summary>
/// <param name="Graph">The snapshot; its exception history is already bounded by web.exception-history-size.</param>
public sealed record ExecutionGraphInfo(ArchivedExecutionGraph Graph, JobPlanSnapshot Plan, JobConfigSnapshot Config);

/// <summary>The job's configuration as Flink's ExecutionConfig shows it.</summary>
/// <param name="UserConfig">The job's own configuration entries (Flink's global job parameters).</param>
public sealed record JobConfigSnapshot(int Parallelism, bool ObjectReuse, string RestartStrategy, IReadOnlyDictionary<string, string> UserConfig);
