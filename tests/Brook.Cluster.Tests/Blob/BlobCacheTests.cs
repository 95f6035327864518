using System.Security.Cryptography;
using Brook.Cluster.Blob;
using Brook.Cluster.Jars;
using Brook.Cluster.Rpc.Protocol;
using Brook.Cluster.TaskManager;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Brook.Cluster.Tests.Blob;

/// <summary>The JobManager's blob service and a TaskManager's blob cache: download once, check, share, delete when unused.</summary>
public sealed class BlobCacheTests(BlobServiceFixture fixture) : IClassFixture<BlobServiceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_stored_package_is_keyed_by_the_sha256_of_its_file()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(fixture.TestJobs.Path)));
        Assert.Equal(expected, fixture.TestJobs.BlobKey);
        Assert.Same(fixture.TestJobs, fixture.Store.FindByBlobKey(expected));
    }

    [Fact]
    public async Task The_blob_service_serves_the_package_bytes_in_chunks_of_at_most_64_KiB()
    {
        using var call = fixture.Endpoint.Client.GetBlob(new GetBlobRequest { Key = fixture.TestJobs.BlobKey });
        var chunks = new List<BlobChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) chunks.Add(chunk);
        var bytes = chunks.SelectMany(c => c.Data.ToByteArray()).ToArray();
        Assert.Equal(await File.ReadAllBytesAsync(fixture.TestJobs.Path), bytes);
        Assert.Equal(bytes.Length, chunks[0].Size);
        Assert.True(chunks.Count > 1, "the test package is larger than one chunk");
        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 1, BlobServerRpcService.ChunkSize));
    }

    [Fact]
    public async Task A_package_is_downloaded_once_shared_by_its_jobs_and_deleted_when_the_last_lets_go()
    {
        using var cache = fixture.NewCache();
        var key = fixture.TestJobs.BlobKey;
        var leases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cache.AcquireAsync(key, CancellationToken.None)));
        Assert.Equal(1, cache.DownloadCount);
        var path = Assert.Single(leases.Select(l => l.Value).Distinct());
        Assert.StartsWith(cache.Directory, path);
        Assert.Equal(key, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));

        foreach (var lease in leases.Skip(1)) lease.Dispose();
        Assert.True(File.Exists(path), "a job still uses the package");
        leases[0].Dispose();
        leases[0].Dispose();
        Assert.False(File.Exists(path), "no job uses the package any more");
        Assert.Equal(0, cache.CachedCount);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Directory));

        using var again = await cache.AcquireAsync(key, CancellationToken.None);
        Assert.Equal(2, cache.DownloadCount);
        Assert.True(File.Exists(again.Value));
    }

    [Fact]
    public async Task An_unknown_key_is_not_found_and_a_malformed_key_is_refused_without_touching_a_file()
    {
        var unknown = new string('0', 64);
        var notFound = await Assert.ThrowsAsync<RpcException>(() => fixture.Endpoint.DownloadAsync(unknown));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Contains(unknown, notFound.Status.Detail);

        foreach (var malformed in new[] { "", "../upload/" + Path.GetFileName(fixture.TestJobs.Path), fixture.TestJobs.BlobKey.ToUpperInvariant(), fixture.TestJobs.Path })
        {
            var invalid = await Assert.ThrowsAsync<RpcException>(() => fixture.Endpoint.DownloadAsync(malformed));
            Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        }

        using var cache = fixture.NewCache();
        var failed = await Assert.ThrowsAsync<BlobDownloadException>(() => cache.AcquireAsync(unknown, CancellationToken.None));
        Assert.Contains("NotFound", failed.Message);
        Assert.Equal(0, cache.CachedCount);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Directory));
        await Assert.ThrowsAsync<BlobDownloadException>(() => cache.AcquireAsync("../../etc/passwd", CancellationToken.None));
        Assert.Equal(1, cache.DownloadCount);
    }

    [Fact]
    public async Task A_call_without_the_protocol_version_is_refused()
    {
        var client = new BlobService.BlobServiceClient(fixture.Endpoint.Channel);
        using var call = client.GetBlob(new GetBlobRequest { Key = fixture.TestJobs.BlobKey });
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("did not send a Brook RPC protocol version", refused.Status.Detail);
    }

    [Theory]
    [InlineData(BlobTampering.FlipsAByte, "has the SHA-256")]
    [InlineData(BlobTampering.EndsEarly, "ended after")]
    [InlineData(BlobTampering.FailsMidway, "Could not download")]
    [InlineData(BlobTampering.SendsMore, "more than the")]
    public async Task A_package_that_is_not_what_its_key_says_is_discarded_and_fails_the_download(BlobTampering tampering, string expected)
    {
        var content = await File.ReadAllBytesAsync(fixture.TestJobs.Path);
        await using var endpoint = await BlobEndpoint.StartAsync(s => s.AddSingleton(new TamperingBlobService(tampering, content)),
            app => app.MapGrpcService<TamperingBlobService>());
        using var cache = new BlobCache(endpoint.Client, Path.Combine(fixture.Root, "tampered-" + Guid.NewGuid().ToString("N")),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var failed = await Assert.ThrowsAsync<BlobDownloadException>(() => cache.AcquireAsync(fixture.TestJobs.BlobKey, CancellationToken.None));
        Assert.Contains(expected, failed.Message);
        Assert.Contains(fixture.TestJobs.BlobKey, failed.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Directory));
        Assert.Equal(0, cache.CachedCount);
        // The failure is not remembered: the next deployment downloads again.
        await Assert.ThrowsAsync<BlobDownloadException>(() => cache.AcquireAsync(fixture.TestJobs.BlobKey, CancellationToken.None));
        Assert.Equal(2, cache.DownloadCount);
    }

    [Fact]
    public async Task A_download_the_JobManager_stalls_fails_after_the_socket_timeout_and_leaves_nothing()
    {
        var content = await File.ReadAllBytesAsync(fixture.TestJobs.Path);
        await using var endpoint = await BlobEndpoint.StartAsync(s => s.AddSingleton(new TamperingBlobService(BlobTampering.Stalls, content)),
            app => app.MapGrpcService<TamperingBlobService>());
        using var cache = new BlobCache(endpoint.Client, Path.Combine(fixture.Root, "stalled-" + Guid.NewGuid().ToString("N")),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, socketTimeout: TimeSpan.FromMilliseconds(300));

        var failed = await Assert.ThrowsAsync<BlobDownloadException>(() => cache.AcquireAsync(fixture.TestJobs.BlobKey, CancellationToken.None).WaitAsync(Patience));
        Assert.Contains($"received nothing for {BlobCache.SocketTimeout.Key}", failed.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Directory));
    }

    [Fact]
    public async Task A_package_a_running_job_retains_is_served_after_its_jar_is_deleted_until_the_job_releases_it()
    {
        var store = new JarStore(Path.Combine(fixture.Root, "retained-" + Guid.NewGuid().ToString("N")));
        var bytes = await File.ReadAllBytesAsync(fixture.TestJobs.Path);
        StoredJar jar;
        using (var content = new MemoryStream(bytes)) jar = await store.UploadAsync(content, "program.jar", CancellationToken.None);
        var server = new BlobServer(store);
        await using var endpoint = await BlobEndpoint.StartAsync(s => s.AddSingleton(server), app => app.MapGrpcService<BlobServerRpcService>());

        var retained = server.Retain(jar);
        var second = server.Retain(jar);
        Assert.Equal(1, server.RetainedCount);
        Assert.True(store.Delete(jar.Id));
        Assert.False(File.Exists(jar.Path));
        Assert.Equal(bytes, await endpoint.DownloadAsync(jar.BlobKey));

        retained.Dispose();
        retained.Dispose();
        Assert.Equal(bytes, await endpoint.DownloadAsync(jar.BlobKey));
        second.Dispose();
        Assert.Equal(0, server.RetainedCount);
        var gone = await Assert.ThrowsAsync<RpcException>(() => endpoint.DownloadAsync(jar.BlobKey));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_stop_the_download_others_wait_for()
    {
        using var cache = fixture.NewCache();
        using var giveUp = new CancellationTokenSource();
        var patient = cache.AcquireAsync(fixture.TestJobs.BlobKey, CancellationToken.None);
        var impatient = cache.AcquireAsync(fixture.TestJobs.BlobKey, giveUp.Token);
        giveUp.Cancel();
        try
        {
            (await impatient).Dispose();
        }
        catch (OperationCanceledException)
        {
            // It gave up before the download ended; either way it holds nothing now.
        }
        using var lease = await patient.WaitAsync(Patience);
        Assert.True(File.Exists(lease.Value));
        Assert.Equal(1, cache.DownloadCount);
    }
}

/// <summary>A blob service that answers with what it was told to break: the TaskManager must notice every case.</summary>
internal sealed class TamperingBlobService(BlobTampering tampering, byte[] content) : BlobService.BlobServiceBase
{
    public override async Task GetBlob(GetBlobRequest request, IServerStreamWriter<BlobChunk> responseStream, ServerCallContext context)
    {
        var bytes = (byte[])content.Clone();
        if (tampering == BlobTampering.FlipsAByte) bytes[bytes.Length / 2] ^= 0xFF;
        var sent = tampering is BlobTampering.EndsEarly or BlobTampering.FailsMidway or BlobTampering.Stalls ? bytes.AsMemory(0, bytes.Length / 2) : bytes;
        await responseStream.WriteAsync(new BlobChunk { Size = bytes.Length, Data = ByteString.CopyFrom(sent.Span) });
        if (tampering == BlobTampering.FailsMidway) throw new RpcException(new Status(StatusCode.Unavailable, "The JobManager went away."));
        if (tampering == BlobTampering.SendsMore) await responseStream.WriteAsync(new BlobChunk { Data = ByteString.CopyFrom(1, 2, 3) });
        // Alive but sending nothing more until the caller gives up.
        if (tampering == BlobTampering.Stalls)
        {
            var callerGaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var _ = context.CancellationToken.Register(() => callerGaveUp.TrySetResult());
            await callerGaveUp.Task;
        }
    }
}

public enum BlobTampering
{
    FlipsAByte,
    EndsEarly,
    FailsMidway,
    SendsMore,
    Stalls,
}
