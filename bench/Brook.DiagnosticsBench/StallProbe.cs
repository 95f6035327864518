using System.Diagnostics;

/// <summary>
/// A managed thread that reads the clock in a tight loop and adds up every gap above <see cref="Threshold"/>: the time it
/// could not run. The runtime's sample profiler suspends managed threads for each sample, so the probe sees the same
/// pauses a task thread does (plus whatever the OS scheduler takes, which the plain windows measure).
/// </summary>
internal sealed class StallProbe
{
    public static readonly TimeSpan Threshold = TimeSpan.FromMicroseconds(20);

    private readonly Thread _thread;
    private long _stalledTicks;
    private long _stalls;
    private long _maxTicks;
    private volatile bool _stop;

    public StallProbe()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "stall probe" };
        _thread.Start();
    }

    public (long StalledTicks, long Stalls) Read() => (Volatile.Read(ref _stalledTicks), Volatile.Read(ref _stalls));

    /// <summary>The longest gap since the last call.</summary>
    public TimeSpan TakeMax() => Stopwatch.GetElapsedTime(0, Interlocked.Exchange(ref _maxTicks, 0));

    public void Stop() => _stop = true;

    private void Run()
    {
        var threshold = (long)(Threshold.TotalSeconds * Stopwatch.Frequency);
        var last = Stopwatch.GetTimestamp();
        while (!_stop)
        {
            var now = Stopwatch.GetTimestamp();
            var gap = now - last;
            last = now;
            if (gap <= threshold) continue;
            Volatile.Write(ref _stalledTicks, _stalledTicks + gap);
            Volatile.Write(ref _stalls, _stalls + 1);
            if (gap > Volatile.Read(ref _maxTicks)) Volatile.Write(ref _maxTicks, gap);
        }
    }
}
