using Brook.Core.Configuration;

namespace Brook.Streaming.Execution;

/// <summary>The context a host installs: executor, base configuration, and whether ExecuteAsync returns at once.</summary>
public sealed record StreamContext(IPipelineExecutor Executor, Configuration? Configuration = null, bool Detached = false);
