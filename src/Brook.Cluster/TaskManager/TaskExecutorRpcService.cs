using Brook.Cluster.Logging;
using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Rest;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;
using Google.Protobuf;
using Grpc.Core;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// What the JobManager asks of this TaskManager process for its REST endpoint (Flink's TaskExecutorGateway calls
/// requestLogList, requestFileUploadByType/ByName, requestThreadDump and the MetricQueryService): answered from this
/// process's own metric registry, threads and log directory, with the same handlers a local cluster uses.
/// </summary>
internal sealed class TaskExecutorRpcService(TaskExecutorRpcService.Process process, TaskManagerTaskServices tasks) : TaskExecutorGateway.TaskExecutorGatewayBase
{
    private const int ChunkSize = 64 << 10;

    // Bounds of one sampling request: a flame graph asks for one vertex's attempts here, rest.flamegraph.num-samples
    // samples each, rest.flamegraph.delay-between-samples apart.
    private const int MaxSampledAttempts = 10_000;
    private const int MaxSamples = 10_000;
    private static readonly TimeSpan MaxSamplingTime = TimeSpan.FromMinutes(10);

    /// <summary>The parts of this process the calls read.</summary>
    public sealed record Process(ResourceId Id, MetricRegistry Metrics, IStackSampler Sampler, LogFiles Files)
    {
        /// <summary>This TaskManager's files in its log directory: its log, the log's rolled-over files and its stdout.</summary>
        public bool Owns(string fileName)
        {
            var stem = Path.GetFileNameWithoutExtension(Files.LogFileName);
            return fileName == Files.LogFileName || fileName == Files.StdoutFileName
                   || (fileName.StartsWith(stem + "_", StringComparison.Ordinal) && fileName.EndsWith(Path.GetExtension(Files.LogFileName), StringComparison.Ordinal));
        }

        public TaskManagerLogLocation Logs => new(new LogLocation(Files.Directory, Files.CurrentLogFile, Files.StdoutFileName), Owns);
    }

    public override Task<MetricDumpResponse> RequestMetricDump(TaskExecutorRequest request, ServerCallContext context)
    {
        CheckAddressee(request.ResourceId);
        var response = new MetricDumpResponse();
        response.Metrics.AddRange(process.Metrics.Dump().Select(RpcConversions.ToMessage));
        return Task.FromResult(response);
    }

    public override async Task<ThreadDumpResponse> RequestThreadDump(ThreadDumpRequest request, ServerCallContext context)
    {
        CheckAddressee(request.ResourceId);
        var depth = Math.Clamp(request.MaxDepth, 1, 1024);
        // The whole process is this TaskManager, so its dump is every managed thread, as a TaskManager JVM's is.
        var threads = await ThreadDumper.DumpAsync(process.Sampler, _ => true, OsThreads.Name, depth, context.CancellationToken);
        var response = new ThreadDumpResponse { ProcessId = Environment.ProcessId };
        response.Threads.AddRange(threads.Select(RpcConversions.ToMessage));
        return response;
    }

    public override async Task<TaskThreadSamplesResponse> RequestThreadInfoSamples(TaskThreadSamplesRequest request, ServerCallContext context)
    {
        CheckAddressee(request.ResourceId);
        var (attempts, samplesRequest) = ReadSamplesRequest(request);
        var response = new TaskThreadSamplesResponse();
        // Not yet connected to the JobManager's deployments: no task runs here.
        if (tasks.TaskExecutor is not { } taskExecutor || attempts.Count == 0) return response;
        var samples = await taskExecutor.RequestThreadInfoSamplesAsync(attempts, samplesRequest, context.CancellationToken);
        foreach (var (attempt, threadSamples) in samples)
        {
            var entry = new AttemptThreadSamples { AttemptId = attempt.Hex };
            entry.Samples.AddRange(threadSamples.Select(RpcConversions.ToMessage));
            response.Attempts.Add(entry);
        }
        return response;
    }

    /// <summary>The attempts and sampling a request asks for, refused with INVALID_ARGUMENT when malformed or unbounded.</summary>
    internal static (IReadOnlyList<ExecutionAttemptId> Attempts, ThreadInfoSamplesRequest Request) ReadSamplesRequest(TaskThreadSamplesRequest request)
    {
        if (request.AttemptIds.Count > MaxSampledAttempts) throw Invalid($"{request.AttemptIds.Count} attempts to sample; at most {MaxSampledAttempts}.");
        if (request.NumSamples is < 1 or > MaxSamples) throw Invalid($"The number of samples {request.NumSamples} is not between 1 and {MaxSamples}.");
        if (request.DelayBetweenSamplesMs < 0 || request.DelayBetweenSamplesMs > MaxSamplingTime.TotalMilliseconds / request.NumSamples)
        {
            throw Invalid($"{request.NumSamples} samples {request.DelayBetweenSamplesMs} ms apart: the delay must be at least 0 and the sampling at most {MaxSamplingTime}.");
        }
        if (request.MaxStackTraceDepth is < 1 or > 1024) throw Invalid($"The stack trace depth {request.MaxStackTraceDepth} is not between 1 and 1024.");
        var attempts = new List<ExecutionAttemptId>(request.AttemptIds.Count);
        foreach (var id in request.AttemptIds)
        {
            if (!HexId.TryNormalize(id, out var hex)) throw Invalid($"The attempt id '{(id.Length > 64 ? id[..64] + "…" : id)}' is not 32 hexadecimal characters.");
            attempts.Add(new ExecutionAttemptId(hex));
        }
        return (attempts, new ThreadInfoSamplesRequest(request.NumSamples, TimeSpan.FromMilliseconds(request.DelayBetweenSamplesMs), request.MaxStackTraceDepth));
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public override Task<LogListResponse> RequestLogList(TaskExecutorRequest request, ServerCallContext context)
    {
        CheckAddressee(request.ResourceId);
        var response = new LogListResponse();
        response.Files.AddRange(TaskManagerLogHandlers.List(process.Logs).Logs.Select(l => new LogFile { Name = l.Name, Size = l.Size, Mtime = l.MTime }));
        return Task.FromResult(response);
    }

    public override async Task RequestFileUpload(FileUploadRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        CheckAddressee(request.ResourceId);
        var logs = process.Logs;
        string path;
        try
        {
            path = TaskManagerLogHandlers.Resolve(logs, request.Type switch
            {
                FileType.Log => logs.Logs.CurrentLogFile(),
                FileType.Stdout => logs.Logs.StdoutFile,
                FileType.Named => request.FileName,
                _ => throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unknown file type {request.Type}.")),
            });
        }
        catch (NotFoundException e)
        {
            throw new RpcException(new Status(StatusCode.NotFound, e.Message));
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ChunkSize, useAsync: true);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await file.ReadAsync(buffer, context.CancellationToken)) > 0)
        {
            await responseStream.WriteAsync(new FileChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, context.CancellationToken);
        }
    }

    /// <summary>A call meant for another TaskManager (one that had this address before) is answered as for an unknown TaskManager.</summary>
    private void CheckAddressee(string resourceId)
    {
        if (resourceId != process.Id.Hex) throw new RpcException(new Status(StatusCode.NotFound, $"No TaskExecutor registered under {resourceId}."));
    }
}
