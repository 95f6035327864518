using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Brook.Nexmark.Runner;

/// <summary>
/// The process's CPU time as Nexmark's CPU metric reads it: utime + stime from /proc/self/stat (clock ticks); where
/// there is no /proc, the runtime's TotalProcessorTime.
/// </summary>
internal static class ProcessCpu
{
    private const int ScClkTck = 2;

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);

    public static bool FromProc => File.Exists("/proc/self/stat");

    public static TimeSpan Now()
    {
        if (!FromProc) return Process.GetCurrentProcess().TotalProcessorTime;
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name (which may hold spaces) start after the last ')': state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var perSecond = ClockTicksPerSecond();
        return TimeSpan.FromSeconds((double)ticks / perSecond);
    }

    private static long ClockTicksPerSecond()
    {
        try
        {
            var value = SysConf(ScClkTck);
            return value > 0 ? value : 100;
        }
        catch (DllNotFoundException)
        {
            return 100;
        }
    }
}
