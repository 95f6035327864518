using System.Text.RegularExpressions;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Runtime.ResourceManager;

namespace Brook.Cluster.Rpc;

/// <summary>
/// Turns a TaskExecutor's registration message into the ResourceManager's record, refusing what cannot be trusted: a
/// message from the network is validated field by field before any of it is used.
/// </summary>
internal static partial class TaskExecutorRegistrations
{
    /// <summary>More slots than any machine could use; a larger number is a corrupt or hostile message.</summary>
    public const int MaxSlots = 4096;

    public sealed record Accepted(TaskManagerRegistration Registration, string Host, int RpcPort, int ProcessId);

    /// <summary>The registration, or why it is refused (a version mismatch is <see cref="IsVersionMismatch"/>).</summary>
    public static (Accepted? Registration, string? Error) Validate(TaskExecutorRegistration m)
    {
        if (RpcProtocol.Check(m.ProtocolVersion, "TaskExecutor " + m.ResourceId) is { } versionError) return (null, versionError);
        if (!ResourceId.TryParse(m.ResourceId, out var id)) return (null, $"The resource id '{Shorten(m.ResourceId)}' is not 32 hexadecimal characters.");
        if (!IsHost(m.Host)) return (null, $"The host '{Shorten(m.Host)}' of TaskManager {id} is not a host name or IP address.");
        if (m.RpcPort is < 1 or > 65535) return (null, $"The RPC port {m.RpcPort} of TaskManager {id} is not in 1..65535.");
        if (m.DataPort is not (-1 or >= 1 and <= 65535)) return (null, $"The data port {m.DataPort} of TaskManager {id} is neither -1 nor in 1..65535.");
        if (m.NumberOfSlots is < 1 or > MaxSlots) return (null, $"TaskManager {id} offers {m.NumberOfSlots} slots; 1..{MaxSlots} are allowed.");
        if (m.Hardware is not { } h || h.CpuCores < 1 || h.PhysicalMemory < 0 || h.FreeMemory < 0 || h.ManagedMemory < 0)
        {
            return (null, $"TaskManager {id} sent no or a negative hardware description.");
        }
        if (m.Memory is not { } mem || new[] { mem.FrameworkHeap, mem.TaskHeap, mem.FrameworkOffHeap, mem.TaskOffHeap, mem.NetworkMemory, mem.ManagedMemory,
                mem.JvmMetaspace, mem.JvmOverhead, mem.TotalFlinkMemory, mem.TotalProcessMemory }.Any(v => v < 0))
        {
            return (null, $"TaskManager {id} sent no or a negative memory configuration.");
        }
        if (SlotReportError(id, m.NumberOfSlots, m.SlotReport) is { } slotError) return (null, slotError);
        var registration = new TaskManagerRegistration(id, $"grpc://{m.Host}:{m.RpcPort}/taskmanager", m.DataPort, m.NumberOfSlots,
            new Runtime.ResourceManager.HardwareDescription(h.CpuCores, h.PhysicalMemory, h.FreeMemory, h.ManagedMemory),
            new TaskExecutorMemoryConfiguration(mem.FrameworkHeap, mem.TaskHeap, mem.FrameworkOffHeap, mem.TaskOffHeap, mem.NetworkMemory, mem.ManagedMemory,
                mem.JvmMetaspace, mem.JvmOverhead, mem.TotalFlinkMemory, mem.TotalProcessMemory))
        {
            Host = m.Host,
        };
        return (new Accepted(registration, m.Host, m.RpcPort, m.ProcessId), null);
    }

    public static bool IsVersionMismatch(TaskExecutorRegistration m) => m.ProtocolVersion != RpcProtocol.Version;

    /// <summary>Null when the report has one status per slot, each slot once and free or held by a well-formed job id.</summary>
    public static string? SlotReportError(ResourceId id, int slots, SlotReport? report)
    {
        if (report is null || report.Slots.Count != slots) return $"The slot report of TaskManager {id} does not list its {slots} slots.";
        var seen = new bool[slots];
        foreach (var s in report.Slots)
        {
            if (s.SlotIndex < 0 || s.SlotIndex >= slots || seen[s.SlotIndex]) return $"The slot report of TaskManager {id} names slot {s.SlotIndex} twice or out of range.";
            seen[s.SlotIndex] = true;
            if (s.JobId.Length > 0 && !JobId.TryParse(s.JobId, out _)) return $"The slot report of TaskManager {id} names the malformed job id '{Shorten(s.JobId)}'.";
        }
        return null;
    }

    private static bool IsHost(string host) => host.Length is > 0 and <= 253 && HostPattern().IsMatch(host);

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "...";

    // Host names, IPv4 and IPv6 literals: nothing that could break out of a URI or a log line.
    [GeneratedRegex("^[A-Za-z0-9.:_\\-\\[\\]%]+$")]
    private static partial Regex HostPattern();
}
