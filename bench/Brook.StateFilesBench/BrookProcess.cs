using System.Diagnostics;

/// <summary>A `dotnet brook.dll ...` process of the bench, its output lines kept so the bench can wait for one.</summary>
internal sealed class BrookProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _changed = new(0);

    private BrookProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static BrookProcess Start(string brook, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(brook);
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start };
        var result = new BrookProcess(process);
        process.OutputDataReceived += (_, e) => result.Add(e.Data);
        process.ErrorDataReceived += (_, e) => result.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
        _changed.Release();
    }

    public string WaitFor(Func<string, bool> match)
    {
        while (true)
        {
            lock (_lines)
            {
                if (_lines.FirstOrDefault(match) is { } found) return found;
            }
            if (!_changed.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("The process did not print the line in time:\n" + string.Join('\n', _lines));
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
