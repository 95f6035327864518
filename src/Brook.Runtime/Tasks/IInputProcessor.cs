using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>The task's default action: one unit of input work per call (Flink's StreamInputProcessor).</summary>
internal interface IInputProcessor
{
    InputResult ProcessInput();

    /// <summary>Whether <see cref="ProcessInput"/> would make progress now (re-checked before the task sleeps).</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Stop-with-savepoint with drain: ends the head's inputs as if they were exhausted (a source emits
    /// MAX_WATERMARK first), so windows and timers fire before the savepoint's barrier.
    /// </summary>
    void EndInputForDrain();

    /// <summary>
    /// Handles the priority events (barriers that may be unaligned) waiting in the inputs, even while the task's output
    /// is full and it takes no input (Flink's priority events through the mailbox). True if there was one.
    /// </summary>
    bool ProcessPriorityEvents() => false;

    /// <summary>Whether a priority event waits in an input.</summary>
    bool HasPriorityEvent => false;
}
