using System.Security.Cryptography;
using Brook.Cluster.Blob;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Configuration;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// The TaskManager's cache of job packages (Flink's PermanentBlobCache): a package is downloaded from the JobManager's blob
/// service once per key while any job on this TaskManager uses it, checked against its key (the SHA-256 of its bytes) before
/// anyone sees it, and deleted as soon as the last job using it lets go (Flink keeps an unused blob for blob.retention.time,
/// Brook deletes it at once: a job that comes back downloads it again). A download that is cut short or does not hash to its
/// key leaves nothing behind and fails every waiter; the next request downloads again.
/// </summary>
internal sealed class BlobCache : IDisposable
{
    private const int BufferSize = 1 << 16;
    private const string FilePrefix = "blob_p-";

    /// <summary>Flink's key: how long a download may go without receiving anything before it fails (a stalled JobManager).</summary>
    public static readonly ConfigOption<TimeSpan> SocketTimeout = new("blob.client.socket.timeout", TimeSpan.FromMinutes(5), ConfigParsers.Duration,
        "How long a TaskManager's download of a job package may receive nothing from the JobManager's blob service before it fails.",
        ConfigParsers.FormatDuration);

    private readonly BlobService.BlobServiceClient _client;
    private readonly SharedByKey<string, string> _files;
    private readonly CancellationTokenSource _closed = new();
    private readonly ILogger _log;
    private readonly TimeSpan _socketTimeout;
    private int _downloads;

    /// <param name="client">The JobManager's blob service (a versioned channel, see RpcChannels.Versioned).</param>
    /// <param name="directory">Where packages are kept; emptied at start (files left by an earlier process are no one's) and removed on dispose.</param>
    /// <param name="socketTimeout">How long a download may receive nothing (<see cref="SocketTimeout"/>; default its default).</param>
    public BlobCache(BlobService.BlobServiceClient client, string directory, ILogger log, TimeSpan? socketTimeout = null)
    {
        _client = client;
        _log = log;
        _socketTimeout = socketTimeout ?? SocketTimeout.Default;
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, FilePrefix + "*")) TryDelete(stale);
        _files = new SharedByKey<string, string>(Delete);
    }

    public string Directory { get; }

    /// <summary>Downloads started so far (each key is downloaded once while it is used).</summary>
    public int DownloadCount => Volatile.Read(ref _downloads);

    /// <summary>Packages on disk or being downloaded.</summary>
    public int CachedCount => _files.Count;

    /// <summary>
    /// A lease on the package's file (<see cref="SharedByKey{TKey,TValue}.Lease.Value"/> is its path), downloading it unless it is
    /// here; the file stays until the last lease on it is disposed. The token ends only this caller's wait.
    /// </summary>
    public Task<SharedByKey<string, string>.Lease> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        if (!BlobKey.IsWellFormed(key))
        {
            return Task.FromException<SharedByKey<string, string>.Lease>(new BlobDownloadException(
                $"'{(key.Length <= BlobKey.Length ? key : key[..BlobKey.Length] + "...")}' is not a job package key (64 lowercase hex characters)."));
        }
        return _files.AcquireAsync(key, DownloadAsync, cancellationToken);
    }

    private async Task<string> DownloadAsync(string key)
    {
        Interlocked.Increment(ref _downloads);
        // A file of its own per download: a package released while a new job already downloads it again never clashes.
        var target = Path.Combine(Directory, $"{FilePrefix}{key}-{Guid.NewGuid():N}");
        var partial = target + ".part";
        // Restarted with every chunk: a download fails when the JobManager stalls, however long a large package takes.
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        try
        {
            stalled.CancelAfter(_socketTimeout);
            using var call = _client.GetBlob(new GetBlobRequest { Key = key }, cancellationToken: stalled.Token);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = -1, received = 0;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                while (await call.ResponseStream.MoveNext(stalled.Token))
                {
                    stalled.CancelAfter(_socketTimeout);
                    var chunk = call.ResponseStream.Current;
                    if (size < 0) size = chunk.Size;
                    received += chunk.Data.Length;
                    if (received > size) throw new BlobDownloadException($"The JobManager sent more than the {size} bytes it announced for job package {key}.");
                    hash.AppendData(chunk.Data.Span);
                    await file.WriteAsync(chunk.Data.Memory, stalled.Token);
                }
            }
            if (received < size || size < 0)
                throw new BlobDownloadException($"The download of job package {key} from the JobManager ended after {received} of {Math.Max(size, 0)} bytes.");
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != key)
                throw new BlobDownloadException($"The job package downloaded for key {key} has the SHA-256 {actual}: it is not the package asked for and was discarded.");
            File.Move(partial, target);
            _log.LogInformation("Downloaded job package {Key} ({Bytes} bytes) from the JobManager's blob service.", key, received);
            return target;
        }
        catch (Exception e) when (stalled.IsCancellationRequested && !_closed.IsCancellationRequested)
        {
            throw new BlobDownloadException(
                $"The download of job package {key} from the JobManager's blob service received nothing for {SocketTimeout.Key} ({_socketTimeout}).", e);
        }
        catch (RpcException e)
        {
            throw new BlobDownloadException($"Could not download job package {key} from the JobManager's blob service: {e.Status.StatusCode}: {e.Status.Detail}", e);
        }
        catch (Exception e) when (e is not BlobDownloadException)
        {
            throw new BlobDownloadException($"Could not download job package {key} from the JobManager's blob service: {e.Message}", e);
        }
        finally
        {
            TryDelete(partial);
        }
    }

    private void Delete(string path)
    {
        TryDelete(path);
        _log.LogInformation("Deleted job package {File}: no job on this TaskManager uses it.", Path.GetFileName(path));
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not delete {File}: {Reason}", path, e.Message);
        }
    }

    /// <summary>Stops downloads under way and removes the directory with every package in it (the TaskManager is shutting down).</summary>
    public void Dispose()
    {
        _closed.Cancel();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not delete the blob directory {Directory}: {Reason}", Directory, e.Message);
        }
    }
}
