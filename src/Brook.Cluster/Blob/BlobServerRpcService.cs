using Brook.Cluster.Rpc.Protocol;
using Google.Protobuf;
using Grpc.Core;

namespace Brook.Cluster.Blob;

/// <summary>The JobManager's blob service over gRPC (blob_rpc.proto): a package by content key as a stream of 64 KiB chunks.</summary>
internal sealed class BlobServerRpcService(BlobServer blobs) : BlobService.BlobServiceBase
{
    public const int ChunkSize = 64 << 10;

    public override async Task GetBlob(GetBlobRequest request, IServerStreamWriter<BlobChunk> responseStream, ServerCallContext context)
    {
        if (!BlobKey.IsWellFormed(request.Key))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"A blob key is the SHA-256 of a job package as {BlobKey.Length} lowercase hex characters; the request's key ({request.Key.Length} characters) is not."));
        }
        using var blob = blobs.Open(request.Key)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No job package with key {request.Key} is stored on this JobManager or used by a running job."));
        var length = blob.Length;
        var buffer = new byte[ChunkSize];
        var chunk = new BlobChunk { Size = length };
        long offset = 0;
        int read;
        do
        {
            // A file shortened under us ends the stream early: the TaskManager gets fewer bytes than the size it was told.
            read = offset < length ? await blob.ReadAsync(buffer, offset, context.CancellationToken) : 0;
            chunk.Data = ByteString.CopyFrom(buffer, 0, read);
            await responseStream.WriteAsync(chunk, context.CancellationToken);
            offset += read;
            chunk = new BlobChunk();
        }
        while (read > 0 && offset < length);
    }
}
