using Brook.Core.Configuration;

namespace Brook.Streaming.Execution;

/// <summary>
/// The hook through which a host runs a job program's Main with its own executor instead of the embedded
/// local cluster (Flink's StreamContextEnvironment / initializeContextEnvironment).
/// <para>
/// While the returned scope is active, every <c>StreamExecutionEnvironment.GetExecutionEnvironment()</c>
/// on this async flow (including threads and tasks started from it) gets an environment that uses
/// <see cref="StreamContext.Executor"/> and starts from <see cref="StreamContext.Configuration"/>. Uses:
/// </para>
/// <list type="bullet">
/// <item>Plan mode: install a <see cref="PlanCapturingExecutor"/>; ExecuteAsync captures the StreamGraph
/// and throws <see cref="ProgramAbortException"/> so Main stops; the host reads the captured graph.</item>
/// <item>Run mode: install an executor that submits to the cluster, with
/// <see cref="StreamContext.Detached"/> true so ExecuteAsync returns at once (a detached result).</item>
/// </list>
/// The scope is an AsyncLocal: concurrent hosts (several jars run at once) do not see each other's context.
/// </summary>
public static class StreamContextEnvironment
{
    private static readonly AsyncLocal<StreamContext?> CurrentContext = new();

    public static StreamContext? Current => CurrentContext.Value;

    public static IDisposable Install(StreamContext context)
    {
        var previous = CurrentContext.Value;
        CurrentContext.Value = context;
        return new Scope(previous);
    }

    private sealed class Scope(StreamContext? previous) : IDisposable
    {
        public void Dispose() => CurrentContext.Value = previous;
    }
}
