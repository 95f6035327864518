using System.Globalization;

namespace Brook.PerRecordBench;

/// <summary>CPU time of each of the process's threads (/proc/self/task), to see which tasks keep a core busy.</summary>
internal static class ThreadCpu
{
    /// <summary>Each thread's id, current name and CPU milliseconds so far (Linux counts in ticks of 10 ms).</summary>
    public static Dictionary<int, (string Name, double Ms)> Snapshot()
    {
        var threads = new Dictionary<int, (string, double)>();
        if (!Directory.Exists("/proc/self/task")) return threads;
        foreach (var dir in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (name, ticks * 10);
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }
        return threads;
    }

    /// <summary>Cores each thread kept busy between two snapshots, named as at the second (task threads are renamed when reused).</summary>
    public static string Diff(Dictionary<int, (string Name, double Ms)> before, Dictionary<int, (string Name, double Ms)> after, double wallMs) =>
        string.Join("  ", after.Select(kv => (Name: $"{kv.Value.Name}#{kv.Key}", Ms: kv.Value.Ms - (before.TryGetValue(kv.Key, out var b) ? b.Ms : 0)))
            .Where(x => x.Ms > 0).OrderByDescending(x => x.Ms).Select(x => $"{x.Name}: {x.Ms / wallMs:F2} cores"));
}
