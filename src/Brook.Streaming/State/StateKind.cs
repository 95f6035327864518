namespace Brook.Streaming.State;

/// <summary>The kind of a state, recorded in snapshots so a state cannot be restored as another kind.</summary>
public enum StateKind
{
    Value = 1,
    List = 2,
    Map = 3,
    Reducing = 4,
    Aggregating = 5,
}
