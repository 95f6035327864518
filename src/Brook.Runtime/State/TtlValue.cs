namespace Brook.Runtime.State;

/// <summary>A stored state value with the processing time (epoch ms) its time-to-live counts from.</summary>
internal readonly record struct TtlValue<T>(T Value, long LastAccess);
