using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>The JobMaster-side holder of one source's split enumerator.</summary>
internal interface ISourceCoordinator : IDisposable
{
    void Start();
}
