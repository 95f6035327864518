using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Brook.Distributed.Tests;

/// <summary>
/// A `dotnet brook.dll ...` process started by a test: its stdout and stderr lines are kept, and a test waits for a line
/// instead of sleeping. Disposing kills it if it still runs.
/// </summary>
public sealed class BrookProcess : IAsyncDisposable
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrookProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static BrookProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BrookDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var result = new BrookProcess(process);
        process.OutputDataReceived += (_, e) => result.Add(e.Data);
        process.ErrorDataReceived += (_, e) => result.Add(e.Data);
        process.Exited += (_, _) => result.Pulse();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>The CLI built next to the tests (the project references Brook.Cli).</summary>
    public static string BrookDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "brook.dll");
            Assert.True(File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), $"{path} and its runtimeconfig must exist.");
            return path;
        }
    }

    public string Output
    {
        get
        {
            lock (_lock) return string.Join('\n', _lines);
        }
    }

    /// <summary>Waits for an output line that matches, counting only lines after the first <paramref name="skip"/>; fails after the timeout.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var found = _lines.Skip(skip).FirstOrDefault(match);
                if (found is not null) return found;
                changed = _changed.Task;
            }
            if (_process.HasExited) Assert.Fail($"The process exited ({_process.ExitCode}) before the line appeared:\n{Output}");
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No matching line within {timeout}:\n{Output}");
            }
        }
    }

    public int LineCount
    {
        get
        {
            lock (_lock) return _lines.Count;
        }
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lock) _lines.Add(line);
        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A stopped process must run again to take SIGKILL's exit into account promptly.
            Kill(_process.Id, SigCont);
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
