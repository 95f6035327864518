using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Brook.Cli;

/// <summary>
/// Background processes as Flink's flink-daemon.sh runs them: started with nohup, detached from the terminal, their pids
/// appended to &lt;env.pid.dir&gt;/brook-&lt;user&gt;-&lt;daemon&gt;.pid and their log files named
/// brook-&lt;user&gt;-&lt;daemon&gt;-&lt;n&gt;-&lt;host&gt;.log/.out in env.log.dir.
/// </summary>
internal static partial class Daemons
{
    public const string JobManager = "standalonesession";
    public const string TaskManager = "taskexecutor";

    private const int SigTerm = 15;

    public static string Ident => Environment.UserName;

    public static string PidFile(string pidDir, string daemon) => Path.Combine(pidDir, $"brook-{Ident}-{daemon}.pid");

    public static string LogFile(string logDir, string daemon, int index) =>
        Path.GetFullPath(Path.Combine(logDir, $"brook-{Ident}-{daemon}-{index}-{Environment.MachineName}.log"));

    /// <summary>The pids in a pid file (one a line), skipping lines that are not numbers.</summary>
    public static IReadOnlyList<int> ReadPids(string pidFile) =>
        File.Exists(pidFile)
            ? File.ReadAllLines(pidFile).Select(l => int.TryParse(l.Trim(), out var pid) ? pid : 0).Where(p => p > 0).ToList()
            : [];

    /// <summary>Whether the process lives and is a Brook process (its command line names the brook executable or brook.dll).</summary>
    public static bool IsRunningBrook(int pid)
    {
        var cmdline = $"/proc/{pid}/cmdline";
        if (!File.Exists(cmdline)) return IsAlive(pid);
        try
        {
            return File.ReadAllText(cmdline).Split('\0').Any(a => Path.GetFileNameWithoutExtension(a) == "brook");
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static bool IsAlive(int pid) => Kill(pid, 0) == 0;

    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    /// <summary>
    /// Starts `brook &lt;args&gt;` in the background with nohup, its stdout and stderr discarded (the process writes its own
    /// log and .out files), and returns its pid.
    /// </summary>
    public static int Start(IReadOnlyList<string> brookArgs)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("nohup \"$0\" \"$@\" > /dev/null 2>&1 < /dev/null & echo $!");
        foreach (var a in BrookCommandLine()) start.ArgumentList.Add(a);
        foreach (var a in brookArgs) start.ArgumentList.Add(a);
        using var shell = Process.Start(start) ?? throw new IOException("Could not start /bin/sh.");
        var output = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();
        return int.TryParse(output.Trim(), out var pid) ? pid : throw new IOException($"Could not read the pid of the started process ('{output.Trim()}').");
    }

    /// <summary>How this `brook` was started: the apphost itself, or `dotnet brook.dll`.</summary>
    private static IEnumerable<string> BrookCommandLine()
    {
        var processPath = Environment.ProcessPath ?? throw new IOException("The path of this process is unknown.");
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return [processPath, System.Reflection.Assembly.GetEntryAssembly()!.Location];
        }
        return [processPath];
    }

    public static void AppendPid(string pidFile, int pid)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pidFile))!);
        File.AppendAllText(pidFile, pid + "\n");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
