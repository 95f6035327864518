namespace Brook.Cluster.TaskManager;

/// <summary>A job package could not be downloaded from the JobManager's blob service, or what came was not the package asked for.</summary>
public sealed class BlobDownloadException(string message, Exception? inner = null) : IOException(message, inner);
