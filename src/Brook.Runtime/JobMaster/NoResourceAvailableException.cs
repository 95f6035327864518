namespace Brook.Runtime.JobMaster;

/// <summary>The job could not get the slots it needs within slot.request.timeout (Flink's NoResourceAvailableException).</summary>
public sealed class NoResourceAvailableException(string message) : Exception(message);
