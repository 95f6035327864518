using Brook.Streaming.Graph;

namespace Brook.Streaming.Execution;

/// <summary>Thrown into a job program to stop it once its plan was captured; hosts catch it.</summary>
public sealed class ProgramAbortException() : Exception("The program's plan was captured; its execution stops here.");
