namespace Brook.Cluster.Jars;

/// <summary>A job program could not be run to a job: it threw, built no job, or did not return in time (Flink's ProgramInvocationException).</summary>
public sealed class ProgramInvocationException(string message, Exception? cause = null) : Exception(message, cause);
