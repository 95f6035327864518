namespace Brook.Streaming.Sources;

/// <summary>
/// A source that cannot read again what it read (a socket): it declines checkpoints, so a job reading it cannot
/// be stopped with a savepoint (its job details say isStoppable false).
/// </summary>
internal interface INonReplayableSource;
