namespace Brook.Runtime.Diagnostics;

/// <summary>
/// A sampled thread's state in the words of Java's Thread.State, which Flink's thread dumps print and its flame graphs
/// filter on (ON_CPU: RUNNABLE and NEW; OFF_CPU: WAITING, TIMED_WAITING and BLOCKED). How a .NET sample is classified is
/// in <see cref="ThreadStateClassifier"/>.
/// </summary>
public enum ThreadInfoState
{
    NEW,
    RUNNABLE,
    BLOCKED,
    WAITING,
    TIMED_WAITING,
    TERMINATED,
}
