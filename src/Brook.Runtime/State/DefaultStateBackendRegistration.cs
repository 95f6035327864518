using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Brook.Streaming.State.Internal;

namespace Brook.Runtime.State;

/// <summary>Registers the heap backend as the default for jobs that configure none, as soon as the runtime loads.</summary>
internal static class DefaultStateBackendRegistration
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Brook.Streaming cannot reference the runtime; the runtime must install its default backend before any operator opens.")]
    internal static void Register() => DefaultStateBackend.Instance ??= new HashMapStateBackend();
}
