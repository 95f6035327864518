using Brook.Streaming.Operators;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.Harness;

/// <summary>Processing time on a fake clock; due callbacks run, in time order, when the test advances it (as the task's mailbox would).</summary>
internal sealed class ManualProcessingTimeService(FakeTimeProvider time) : IProcessingTimeService
{
    private readonly List<Registration> _timers = [];

    public long CurrentProcessingTime => time.GetUtcNow().ToUnixTimeMilliseconds();

    public IDisposable RegisterTimer(long timestamp, Action<long> callback)
    {
        var registration = new Registration(timestamp, callback);
        _timers.Add(registration);
        return registration;
    }

    public void AdvanceTo(long epochMillis)
    {
        while (true)
        {
            var due = _timers.Where(t => !t.Cancelled && t.At <= epochMillis).OrderBy(t => t.At).FirstOrDefault();
            if (due is null) break;
            _timers.Remove(due);
            if (time.GetUtcNow().ToUnixTimeMilliseconds() < due.At) time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(due.At));
            due.Callback(due.At);
        }
        _timers.RemoveAll(t => t.Cancelled);
        if (time.GetUtcNow().ToUnixTimeMilliseconds() < epochMillis) time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(epochMillis));
    }

    private sealed class Registration(long at, Action<long> callback) : IDisposable
    {
        public long At { get; } = at;
        public Action<long> Callback { get; } = callback;
        public bool Cancelled { get; private set; }
        public void Dispose() => Cancelled = true;
    }
}
