using Brook.Core.Ids;
using Brook.Runtime.ResourceManager;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Runtime.TaskExecutor;

/// <summary>
/// Flink's TaskExecutor: a TaskManager's slots and the tasks running in them. It registers with the
/// ResourceManager and heartbeats to it, registering again if the ResourceManager has dropped it.
/// </summary>
public sealed class TaskExecutor : IAsyncDisposable
{
    private readonly ResourceManager.ResourceManager _resourceManager;
    private readonly ILogger _log;
    private readonly ITimer _heartbeat;
    private int _stopped;

    public TaskExecutor(TaskManagerRegistration registration, ResourceManager.ResourceManager resourceManager, TimeSpan heartbeatInterval, TimeProvider time, ILogger? log = null)
    {
        Registration = registration;
        _resourceManager = resourceManager;
        _log = log ?? NullLogger.Instance;
        _resourceManager.Register(registration);
        _heartbeat = time.CreateTimer(_ => SendHeartbeat(), null, heartbeatInterval, heartbeatInterval);
    }

    public TaskManagerRegistration Registration { get; }

    public ResourceId Id => Registration.Id;

    /// <summary>Stops heartbeating without unregistering: how a TaskManager that hangs or dies looks to the ResourceManager.</summary>
    public void StopHeartbeats() => _heartbeat.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void SendHeartbeat()
    {
        if (Volatile.Read(ref _stopped) != 0) return;
        if (!_resourceManager.Heartbeat(Id))
        {
            _log.LogWarning("ResourceManager does not know TaskManager {Id}; registering again.", Id);
            _resourceManager.Register(Registration);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _heartbeat.Dispose();
            _resourceManager.Unregister(Id, "TaskManager shut down.");
        }
        return ValueTask.CompletedTask;
    }
}
