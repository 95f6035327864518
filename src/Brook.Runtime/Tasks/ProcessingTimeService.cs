using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>Processing-time timers on the task's TimeProvider; callbacks are mailed to the task thread.</summary>
internal sealed class ProcessingTimeService(TimeProvider time, Mailbox mailbox) : IProcessingTimeService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<ITimer> _timers = [];
    private bool _disposed;

    public long CurrentProcessingTime => time.GetUtcNow().ToUnixTimeMilliseconds();

    public IDisposable RegisterTimer(long timestamp, Action<long> callback)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Max(0, timestamp - CurrentProcessingTime));
        var registration = new Registration(this);
        lock (_lock)
        {
            if (_disposed) return registration;
            var timer = time.CreateTimer(_ =>
            {
                registration.Release();
                mailbox.Put(() =>
                {
                    if (!registration.Cancelled) callback(timestamp);
                });
            }, null, delay, Timeout.InfiniteTimeSpan);
            registration.Timer = timer;
            _timers.Add(timer);
        }
        return registration;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var t in _timers) t.Dispose();
            _timers.Clear();
        }
    }

    private sealed class Registration(ProcessingTimeService owner) : IDisposable
    {
        public ITimer? Timer { get; set; }

        public bool Cancelled { get; private set; }

        /// <summary>Cancels the timer: its callback will not run.</summary>
        public void Dispose()
        {
            Cancelled = true;
            Release();
        }

        public void Release()
        {
            lock (owner._lock)
            {
                if (Timer is null) return;
                Timer.Dispose();
                owner._timers.Remove(Timer);
            }
        }
    }
}
