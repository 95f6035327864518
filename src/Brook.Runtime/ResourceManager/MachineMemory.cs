namespace Brook.Runtime.ResourceManager;

/// <summary>Physical and available memory of this machine (Linux /proc/meminfo, else the GC's view).</summary>
public static class MachineMemory
{
    public static long PhysicalBytes() => ReadMeminfo("MemTotal:") ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public static long AvailableBytes() =>
        ReadMeminfo("MemAvailable:") ?? Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetGCMemoryInfo().MemoryLoadBytes);

    private static long? ReadMeminfo(string field)
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && long.TryParse(parts[0], out var kb)) return kb * 1024;
        }
        return null;
    }
}
