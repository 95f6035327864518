namespace Brook.PerRecordBench;

/// <summary>CPU time of each of the process's threads by name (/proc/self/task), to see which tasks keep a core busy.</summary>
internal static class ThreadCpu
{
    public static Dictionary<string, double> Snapshot()
    {
        var byName = new Dictionary<string, double>();
        if (!Directory.Exists("/proc/self/task")) return byName;
        foreach (var dir in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim() + "#" + Path.GetFileName(dir);
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = double.Parse(fields[11]) + double.Parse(fields[12]);
                byName[name] = byName.GetValueOrDefault(name) + ticks * 10; // 100 ticks per second: ms
            }
            catch (IOException)
            {
            }
        }
        return byName;
    }

    public static string Diff(Dictionary<string, double> before, Dictionary<string, double> after, double wallMs) =>
        string.Join("  ", after.Select(kv => (kv.Key, Ms: kv.Value - before.GetValueOrDefault(kv.Key))).Where(x => x.Ms > 0)
            .OrderByDescending(x => x.Ms).Select(x => $"{x.Key}: {x.Ms / wallMs:F2} cores"));
}
