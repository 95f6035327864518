namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// One event between a source reader (in subtask <paramref name="Subtask"/>, attempt <paramref name="Attempt"/>) and its
/// split enumerator; <paramref name="Splits"/> holds the serialized splits of <see cref="OperatorEventKind.AddSplits"/> (empty otherwise).
/// </summary>
internal sealed record OperatorEvent(OperatorEventKind Kind, int Subtask, int Attempt, IReadOnlyList<byte[]> Splits)
{
    public OperatorEvent(OperatorEventKind kind, int subtask, int attempt) : this(kind, subtask, attempt, [])
    {
    }
}
