using Brook.Streaming.Operators;

namespace Brook.State.Tests.Sinks;

/// <summary>Processing time the test moves by hand; due timers fire on <see cref="Advance"/>, on the test's thread.</summary>
internal sealed class ManualProcessingTimeService(long start) : IProcessingTimeService
{
    private readonly List<(long Time, Action<long> Callback, Registration Handle)> _timers = [];

    public long CurrentProcessingTime { get; private set; } = start;

    public IDisposable RegisterTimer(long timestamp, Action<long> callback)
    {
        var handle = new Registration();
        _timers.Add((timestamp, callback, handle));
        return handle;
    }

    public void Advance(TimeSpan by)
    {
        CurrentProcessingTime += (long)by.TotalMilliseconds;
        while (_timers.Where(t => t.Time <= CurrentProcessingTime && !t.Handle.Disposed).OrderBy(t => t.Time).FirstOrDefault() is { Callback: not null } due)
        {
            _timers.Remove(due);
            due.Callback(due.Time);
        }
    }

    private sealed class Registration : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
