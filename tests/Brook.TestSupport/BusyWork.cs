using System.Diagnostics;

namespace Brook.TestSupport;

/// <summary>
/// A test job's deliberately slow step: spins for a wall-clock duration per record, so the stages in front of it fill
/// their channels (backpressure). Test code only: the product never stands in for work.
/// </summary>
public static class BusyWork
{
    public static T For<T>(T value, int micros)
    {
        if (micros <= 0) return value;
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * micros / 1_000_000;
        while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(10);
        return value;
    }
}
