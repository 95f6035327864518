namespace Brook.Cluster.Jars;

/// <summary>A job package that cannot be used; the message says why, for the 400 answer.</summary>
public sealed class InvalidJobPackageException(string message, Exception? inner = null) : Exception(message, inner);
