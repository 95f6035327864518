namespace Brook.Runtime.OperatorEvents;

/// <summary>What an operator event says (Flink's source OperatorEvent classes); the byte value is on the wire.</summary>
internal enum OperatorEventKind : byte
{
    /// <summary>Task to enumerator: the subtask's reader started (Flink's ReaderRegistrationEvent).</summary>
    ReaderRegistration = 1,

    /// <summary>Task to enumerator: the reader asks for a split (Flink's RequestSplitEvent).</summary>
    RequestSplit = 2,

    /// <summary>Enumerator to task: splits for the reader, each serialized (Flink's AddSplitEvent).</summary>
    AddSplits = 3,

    /// <summary>Enumerator to task: the reader gets no more splits (Flink's NoMoreSplitsEvent).</summary>
    NoMoreSplits = 4,
}
