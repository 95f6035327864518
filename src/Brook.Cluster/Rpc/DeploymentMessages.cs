using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Network;
using Brook.Runtime.Tasks;
using Brook.Streaming.Accumulators;
using Google.Protobuf;
using ProtoSerializedThrowable = Brook.Cluster.Rpc.Protocol.SerializedThrowable;
using ProtoStatistics = Brook.Cluster.Rpc.Protocol.SubtaskCheckpointStatistics;
using RuntimeStatistics = Brook.Runtime.Checkpointing.SubtaskCheckpointStatistics;
using TaskStateHandle = Brook.Runtime.Checkpointing.TaskStateHandle;
using TaskMetricsSnapshot = Brook.Runtime.Metrics.TaskMetricsSnapshot;

namespace Brook.Cluster.Rpc;

/// <summary>
/// Converts between the runtime's deployment, task state and checkpoint objects and the deployment RPC's messages. Every
/// message from the other process is validated field by field (ids, ranges, sizes) before any of it is used; a bad one
/// yields an error text, which the receiving service answers with INVALID_ARGUMENT.
/// </summary>
internal static class DeploymentMessages
{
    /// <summary>Flink's upper bound of max parallelism (2^15): no vertex can have more subtasks.</summary>
    public const int MaxParallelism = 1 << 15;

    public const int MaxVertices = 10_000;
    public const int MaxOperatorsPerVertex = 10_000;
    public const int MaxNameLength = 4096;
    public const int MaxProgramArgs = 4096;
    public const int MaxAccumulators = 10_000;
    public const int MaxHistogramEntries = 100_000;

    public static TaskAttempt Attempt(ResourceId taskManager, JobId job, ExecutionAttemptId attempt) =>
        new() { ResourceId = taskManager.Hex, JobId = job.Hex, AttemptId = attempt.Hex };

    /// <summary>The attempt a message names, if it is well formed and addressed to <paramref name="self"/> (null: any TaskManager).</summary>
    public static (JobId Job, ExecutionAttemptId Attempt, ResourceId TaskManager, string? Error) ReadAttempt(TaskAttempt? m, ResourceId? self)
    {
        if (m is null) return (default, default, default, "The message names no task attempt.");
        if (!ResourceId.TryParse(m.ResourceId, out var tm)) return (default, default, default, $"The resource id '{Shorten(m.ResourceId)}' is not 32 hexadecimal characters.");
        if (self is { } s && tm != s) return (default, default, default, $"The message is meant for TaskManager {tm}, not {s}.");
        if (!JobId.TryParse(m.JobId, out var job)) return (default, default, default, $"The job id '{Shorten(m.JobId)}' is not 32 hexadecimal characters.");
        if (!HexId.TryNormalize(m.AttemptId, out var attempt)) return (default, default, default, $"The attempt id '{Shorten(m.AttemptId)}' is not 32 hexadecimal characters.");
        return (job, new ExecutionAttemptId(attempt), tm, null);
    }

    /// <summary>
    /// The wire form of a deployment to TaskManager <paramref name="taskManager"/>. A job without a package (built in the
    /// submitting process) cannot be rebuilt by a TaskManager process: its deployment fails with that reason.
    /// </summary>
    public static TaskDeployment ToMessage(TaskDeploymentDescriptor d, JobGraph jobGraph, ResourceId taskManager)
    {
        var package = jobGraph.Package ?? throw new InvalidOperationException(
            $"Job '{jobGraph.Name}' ({jobGraph.JobId}) was not submitted as a job package, so TaskManager {taskManager} cannot rebuild its job graph: " +
            "a job runs on TaskManager processes only when it is submitted through POST /jars/:jarid/run (or `brook run`).");
        var m = new TaskDeployment
        {
            Attempt = Attempt(taskManager, d.JobId, d.AttemptId),
            JobName = d.JobName,
            VertexId = d.VertexId.Hex,
            SubtaskIndex = d.SubtaskIndex,
            AttemptNumber = d.AttemptNumber,
            SlotIndex = d.Slot.SlotIndex,
            Package = new JobPackage
            {
                BlobKey = package.BlobKey,
                HasEntryClass = package.EntryClass is not null,
                EntryClass = package.EntryClass ?? "",
                HasParallelism = package.Parallelism is not null,
                Parallelism = package.Parallelism ?? 0,
            },
            BufferTimeoutTicks = d.Resources.BufferTimeout.Ticks,
        };
        m.Package.ProgramArgs.AddRange(package.ProgramArgs);
        foreach (var (key, value) in package.Configuration) m.Package.Configuration[key] = value;
        m.Vertices.AddRange(jobGraph.Vertices.Select(v =>
        {
            var vertex = new VertexDeployment { VertexId = v.Id.Hex, Parallelism = v.Parallelism };
            vertex.OperatorIds.AddRange(v.OperatorIdsInChainOrder.Select(o => o.Hex));
            vertex.OperatorNames.AddRange(v.ChainedNodes.Select(n => n.OperatorName));
            return vertex;
        }));
        if (d.Resources.Checkpointing is { } c)
        {
            m.Checkpointing = new TaskCheckpointing
            {
                Mode = (int)c.Mode,
                Periodic = c.PeriodicCheckpointing,
                CheckpointsAfterTasksFinish = c.CheckpointsAfterTasksFinish,
                AlignedTimeoutMs = c.AlignedCheckpointTimeout is { } t ? (long)t.TotalMilliseconds : -1,
                CheckpointDirectory = c.Storage.JobDirectory ?? "",
                FileStateSizeThreshold = c.Storage is CheckpointStorageRouter router ? router.FileStateSizeThreshold : 0,
            };
        }
        if (d.TaskRestore is { } r) m.Restore = ToMessage(r);
        if (d.ShuffleDescriptor is { } shuffle) m.Shuffle = ToMessage(shuffle);
        return m;
    }

    private static ShuffleDeployment ToMessage(ShuffleDeploymentDescriptor d)
    {
        var m = new ShuffleDeployment();
        foreach (var o in d.Outputs)
        {
            var output = new ResultPartitionDeployment { ResultId = o.ResultId.Hex };
            output.ConsumerTaskManagers.AddRange(o.ConsumerTaskManagers.Select(t => t.Hex));
            m.Outputs.Add(output);
        }
        foreach (var i in d.Inputs)
        {
            var input = new InputGateDeployment { ResultId = i.ResultId.Hex };
            input.Producers.AddRange(i.Producers.Select(p => new Protocol.PartitionLocation
            {
                ResourceId = p.TaskManager.Hex, Host = p.Host, DataPort = p.DataPort, ProducerAttemptId = p.ProducerAttempt.Hex,
            }));
            m.Inputs.Add(input);
        }
        return m;
    }

    /// <summary>
    /// The attempt's shuffle descriptor, checked against the job's vertices: one output per output edge of the vertex with one
    /// TaskManager per consumer subtask, one input per input edge with one partition location per producer subtask.
    /// </summary>
    public static (ShuffleDeploymentDescriptor? Descriptor, string? Error) FromMessage(ShuffleDeployment m, ExecutionAttemptId attempt)
    {
        if (m.Outputs.Count > MaxVertices || m.Inputs.Count > MaxVertices) return (null, "The shuffle descriptor lists too many edges.");
        var outputs = new List<ResultPartitionDeploymentDescriptor>(m.Outputs.Count);
        foreach (var o in m.Outputs)
        {
            if (!IntermediateDataSetId.TryParse(o.ResultId, out var result)) return (null, $"The result id '{Shorten(o.ResultId)}' is not 32 hexadecimal characters.");
            if (o.ConsumerTaskManagers.Count is 0 or > MaxParallelism) return (null, $"Result {result} lists {o.ConsumerTaskManagers.Count} consumers.");
            var consumers = new List<ResourceId>(o.ConsumerTaskManagers.Count);
            foreach (var t in o.ConsumerTaskManagers)
            {
                if (!ResourceId.TryParse(t, out var tm)) return (null, $"A consumer of result {result} names the malformed TaskManager '{Shorten(t)}'.");
                consumers.Add(tm);
            }
            outputs.Add(new ResultPartitionDeploymentDescriptor(result, consumers));
        }
        var inputs = new List<InputGateDeploymentDescriptor>(m.Inputs.Count);
        foreach (var i in m.Inputs)
        {
            if (!IntermediateDataSetId.TryParse(i.ResultId, out var result)) return (null, $"The result id '{Shorten(i.ResultId)}' is not 32 hexadecimal characters.");
            if (i.Producers.Count is 0 or > MaxParallelism) return (null, $"Result {result} lists {i.Producers.Count} producers.");
            var producers = new List<Runtime.Network.PartitionLocation>(i.Producers.Count);
            foreach (var p in i.Producers)
            {
                if (!ResourceId.TryParse(p.ResourceId, out var tm) || !HexId.TryNormalize(p.ProducerAttemptId, out var producer))
                {
                    return (null, $"A producer of result {result} names a malformed TaskManager or attempt.");
                }
                if (p.Host.Length is 0 or > 253 || p.Host.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return (null, $"A producer of result {result} names a malformed host.");
                if (p.DataPort is < 1 or > 65535) return (null, $"A producer of result {result} names the data port {p.DataPort}.");
                producers.Add(new Runtime.Network.PartitionLocation(tm, p.Host, p.DataPort, new ExecutionAttemptId(producer)));
            }
            inputs.Add(new InputGateDeploymentDescriptor(result, producers));
        }
        return (new ShuffleDeploymentDescriptor(attempt, outputs, inputs), null);
    }

    public static TaskRestore ToMessage(JobManagerTaskRestore r)
    {
        var m = new TaskRestore { CheckpointId = r.RestoreCheckpointId, TaskFinished = r.IsTaskFinished };
        foreach (var (id, state) in r.Operators)
        {
            var o = new OperatorRestore { OperatorId = id };
            o.SourceSplits.AddRange(state.SourceSplits.Select(ByteString.CopyFrom));
            if (state.HasFileParts)
            {
                // The task reads the state files itself: only their handles travel.
                o.StateParts = true;
                o.KeyedStateParts.AddRange(state.KeyedStateParts.Select(ToMessage));
                o.OperatorStateParts.AddRange(state.OperatorStateParts.Select(ToMessage));
                o.InFlightParts.AddRange(state.InputChannelStateParts.Select(ToMessage));
            }
            else
            {
                o.KeyedStates.AddRange(state.KeyedStates.Select(ByteString.CopyFrom));
                o.OperatorStates.AddRange(state.OperatorStates.Select(ByteString.CopyFrom));
                o.InFlight.AddRange(state.InputChannelState.Select(ToMessage));
            }
            m.Operators.Add(o);
        }
        return m;
    }

    private static InFlightRecord ToMessage(InputChannelStateEntry e) => new() { Input = e.Input, KeyGroup = e.KeyGroup, Record = ByteString.CopyFrom(e.Record) };

    public static StateFile ToMessage(TaskStateHandle h) => new() { Path = h.FilePath, Size = h.Size };

    private static Protocol.StatePart ToMessage(Runtime.Checkpointing.StatePart p) =>
        p.File is { } f ? new Protocol.StatePart { File = ToMessage(f) } : new Protocol.StatePart { Inline = ByteString.CopyFrom(p.Bytes!) };

    private static Protocol.ChannelStatePart ToMessage(Runtime.Checkpointing.ChannelStatePart p)
    {
        var m = new Protocol.ChannelStatePart();
        if (p.File is { } f) m.File = ToMessage(f);
        else m.Inline.AddRange(p.Entries!.Select(ToMessage));
        if (p.Selection is { } s)
        {
            m.Select = true;
            m.OldSubtask = s.OldSubtask;
            m.MaxParallelism = s.MaxParallelism;
            m.Parallelism = s.Parallelism;
            m.SubtaskIndex = s.SubtaskIndex;
        }
        return m;
    }

    /// <summary>A state file named by a restore: an absolute path and a size (the task's reading checks the file against both).</summary>
    private static (TaskStateHandle? Handle, string? Error) FromMessage(StateFile? f)
    {
        if (f is null) return (null, "A state part names no state file.");
        if (f.Path.Length is 0 or > 4096 || f.Path.Any(char.IsControl) || !Path.IsPathFullyQualified(f.Path))
            return (null, $"The state file '{Shorten(f.Path)}' is not an absolute path.");
        if (f.Size < 0) return (null, $"The state file '{Shorten(f.Path)}' has the negative size {f.Size}.");
        return (new TaskStateHandle(Path.GetFullPath(f.Path), f.Size), null);
    }

    private static (Runtime.Checkpointing.StatePart? Part, string? Error) FromMessage(Protocol.StatePart p)
    {
        switch (p.PartCase)
        {
            case Protocol.StatePart.PartOneofCase.Inline:
                return (Runtime.Checkpointing.StatePart.Of(p.Inline.ToByteArray()), null);
            case Protocol.StatePart.PartOneofCase.File:
                var (handle, error) = FromMessage(p.File);
                return handle is null ? (null, error) : (new Runtime.Checkpointing.StatePart(null, handle), null);
            default:
                return (null, "A state part holds neither bytes nor a state file.");
        }
    }

    private static (Runtime.Checkpointing.ChannelStatePart? Part, string? Error) FromMessage(Protocol.ChannelStatePart p)
    {
        ChannelStateSelection? selection = null;
        if (p.Select)
        {
            if (p.MaxParallelism is < 1 or > MaxParallelism || p.Parallelism < 1 || p.Parallelism > p.MaxParallelism || p.SubtaskIndex < 0 || p.SubtaskIndex >= p.Parallelism
                || p.OldSubtask is < 0 or >= MaxParallelism)
            {
                return (null, "An in-flight state part selects records with parallelisms or indexes out of range.");
            }
            selection = new ChannelStateSelection(p.OldSubtask, p.MaxParallelism, p.Parallelism, p.SubtaskIndex);
        }
        if (p.File is not null)
        {
            if (p.Inline.Count > 0) return (null, "An in-flight state part holds both records and a state file.");
            var (handle, error) = FromMessage(p.File);
            return handle is null ? (null, error) : (new Runtime.Checkpointing.ChannelStatePart(null, handle, selection), null);
        }
        if (p.Inline.Any(e => e.Input is not (1 or 2))) return (null, "An in-flight record names an input other than 1 or 2.");
        return (new Runtime.Checkpointing.ChannelStatePart(p.Inline.Select(e => new InputChannelStateEntry(e.Input, e.KeyGroup, e.Record.ToByteArray())).ToList(), null, selection), null);
    }

    private static (OperatorRestoreState? State, string? Error) FromMessage(OperatorRestore o, OperatorId op, TaskStateFileReader reader)
    {
        var splits = o.SourceSplits.Select(b => b.ToByteArray()).ToList();
        if (!o.StateParts)
        {
            if (o.InFlight.Any(e => e.Input is not (1 or 2))) return (null, $"An in-flight record of operator {op} names an input other than 1 or 2.");
            return (new OperatorRestoreState(o.KeyedStates.Select(b => b.ToByteArray()).ToList(), o.OperatorStates.Select(b => b.ToByteArray()).ToList(), splits,
                o.InFlight.Select(e => new InputChannelStateEntry(e.Input, e.KeyGroup, e.Record.ToByteArray())).ToList()), null);
        }
        if (o.KeyedStates.Count + o.OperatorStates.Count + o.InFlight.Count > 0) return (null, $"The restore of operator {op} holds both state parts and inline state.");
        var keyed = new List<Runtime.Checkpointing.StatePart>();
        var operatorStates = new List<Runtime.Checkpointing.StatePart>();
        var channel = new List<Runtime.Checkpointing.ChannelStatePart>();
        foreach (var p in o.KeyedStateParts)
        {
            var (part, error) = FromMessage(p);
            if (part is null) return (null, $"Operator {op}: {error}");
            keyed.Add(part);
        }
        foreach (var p in o.OperatorStateParts)
        {
            var (part, error) = FromMessage(p);
            if (part is null) return (null, $"Operator {op}: {error}");
            operatorStates.Add(part);
        }
        foreach (var p in o.InFlightParts)
        {
            var (part, error) = FromMessage(p);
            if (part is null) return (null, $"Operator {op}: {error}");
            channel.Add(part);
        }
        return (new OperatorRestoreState(op.Hex, keyed, operatorStates, splits, channel, reader), null);
    }

    /// <summary>The validated deployment, or why it is refused.</summary>
    public static (TaskDeploymentRequest? Request, string? Error) FromMessage(TaskDeployment m, ResourceId self)
    {
        var (job, attempt, _, error) = ReadAttempt(m.Attempt, self);
        if (error is not null) return (null, error);
        if (m.JobName.Length > MaxNameLength) return (null, "The job name is too long.");
        if (!JobVertexId.TryParse(m.VertexId, out var vertexId)) return (null, $"The vertex id '{Shorten(m.VertexId)}' is not 32 hexadecimal characters.");
        if (m.AttemptNumber < 0) return (null, $"The attempt number {m.AttemptNumber} is negative.");
        if (m.SlotIndex is < 0 or > TaskExecutorRegistrations.MaxSlots) return (null, $"The slot index {m.SlotIndex} is out of range.");
        if (m.Package is not { } p) return (null, "The deployment names no job package.");
        if (p.BlobKey.Length != 64 || !p.BlobKey.All(Uri.IsHexDigit)) return (null, $"The blob key '{Shorten(p.BlobKey)}' is not a SHA-256 in hexadecimal.");
        if (p.EntryClass.Length > MaxNameLength || p.ProgramArgs.Count > MaxProgramArgs || p.Configuration.Count > MaxProgramArgs)
        {
            return (null, "The job package's entry class, program arguments or configuration are too large.");
        }
        if (p.HasParallelism && p.Parallelism is < 1 or > MaxParallelism) return (null, $"The package's parallelism {p.Parallelism} is out of range.");
        if (m.Vertices.Count is 0 or > MaxVertices) return (null, $"The deployment lists {m.Vertices.Count} vertices.");
        var vertices = new List<TaskDeploymentRequest.Vertex>(m.Vertices.Count);
        var seen = new HashSet<JobVertexId>();
        foreach (var v in m.Vertices)
        {
            if (!JobVertexId.TryParse(v.VertexId, out var id) || !seen.Add(id)) return (null, $"The vertex id '{Shorten(v.VertexId)}' is malformed or listed twice.");
            if (v.Parallelism is < 1 or > MaxParallelism) return (null, $"Vertex {id} has the parallelism {v.Parallelism}; 1..{MaxParallelism} are allowed.");
            if (v.OperatorIds.Count is 0 or > MaxOperatorsPerVertex) return (null, $"Vertex {id} lists {v.OperatorIds.Count} operators.");
            var operators = new List<OperatorId>(v.OperatorIds.Count);
            foreach (var o in v.OperatorIds)
            {
                if (!OperatorId.TryParse(o, out var op)) return (null, $"The operator id '{Shorten(o)}' of vertex {id} is not 32 hexadecimal characters.");
                operators.Add(op);
            }
            if (v.OperatorNames.Count != operators.Count || v.OperatorNames.Any(n => n.Length > MaxNameLength)) return (null, $"The operator names of vertex {id} do not match its operators.");
            vertices.Add(new TaskDeploymentRequest.Vertex(id, v.Parallelism, operators, v.OperatorNames.ToList()));
        }
        if (vertices.FirstOrDefault(v => v.Id == vertexId) is not { } deployed)
        {
            return (null, $"The deployed vertex {vertexId} is not one of the job's vertices.");
        }
        if (m.SubtaskIndex < 0 || m.SubtaskIndex >= deployed.Parallelism)
        {
            return (null, $"The subtask index {m.SubtaskIndex} is out of range for vertex {vertexId} of parallelism {deployed.Parallelism}.");
        }
        if (Math.Abs(m.BufferTimeoutTicks) > TimeSpan.TicksPerDay) return (null, $"The buffer timeout of {m.BufferTimeoutTicks} ticks is out of range.");
        var c = m.Checkpointing ?? new TaskCheckpointing { Mode = (int)CheckpointingMode.EXACTLY_ONCE, AlignedTimeoutMs = -1 };
        if (!Enum.IsDefined((CheckpointingMode)c.Mode)) return (null, $"The checkpointing mode {c.Mode} is unknown.");
        if (c.AlignedTimeoutMs < -1 || c.AlignedTimeoutMs > TimeSpan.FromDays(1).TotalMilliseconds) return (null, $"The aligned checkpoint timeout {c.AlignedTimeoutMs} ms is out of range.");
        if (c.CheckpointDirectory.Length > 4096 || c.CheckpointDirectory.Any(char.IsControl) || (c.CheckpointDirectory.Length > 0 && !Path.IsPathFullyQualified(c.CheckpointDirectory)))
            return (null, $"The checkpoint directory '{Shorten(c.CheckpointDirectory)}' is not an absolute path.");
        if (c.FileStateSizeThreshold is < 0 or > CheckpointingOptions.MaxFileStateSizeThreshold)
            return (null, $"The file state size threshold {c.FileStateSizeThreshold} is out of range.");
        JobManagerTaskRestore? restore = null;
        if (m.Restore is { } r)
        {
            if (r.CheckpointId < 0) return (null, $"The restored checkpoint id {r.CheckpointId} is negative.");
            var operators = new Dictionary<string, OperatorRestoreState>(StringComparer.Ordinal);
            var reader = new TaskStateFileReader();
            foreach (var o in r.Operators)
            {
                if (!OperatorId.TryParse(o.OperatorId, out var op) || !deployed.OperatorIds.Contains(op) || operators.ContainsKey(op.Hex))
                {
                    return (null, $"The restored operator '{Shorten(o.OperatorId)}' is not an operator of vertex {vertexId}, or is listed twice.");
                }
                var (state, stateError) = FromMessage(o, op, reader);
                if (state is null) return (null, stateError);
                operators[op.Hex] = state;
            }
            restore = new JobManagerTaskRestore(r.CheckpointId, operators, r.TaskFinished);
        }
        ShuffleDeploymentDescriptor? shuffle = null;
        if (m.Shuffle is { } s)
        {
            (shuffle, var shuffleError) = FromMessage(s, attempt);
            if (shuffle is null) return (null, shuffleError);
        }
        var package = new JobPackageReference(p.BlobKey.ToLowerInvariant(), p.HasEntryClass ? p.EntryClass : null, p.ProgramArgs.ToList(),
            p.HasParallelism ? p.Parallelism : null) { Configuration = p.Configuration.ToDictionary(kv => kv.Key, kv => kv.Value) };
        return (new TaskDeploymentRequest(job, m.JobName, attempt, vertexId, m.SubtaskIndex, m.AttemptNumber, m.SlotIndex, package, vertices,
            new TaskDeploymentRequest.Checkpointing((CheckpointingMode)c.Mode, c.Periodic, c.CheckpointsAfterTasksFinish,
                c.AlignedTimeoutMs < 0 ? null : TimeSpan.FromMilliseconds(c.AlignedTimeoutMs))
            {
                Directory = c.CheckpointDirectory.Length == 0 ? null : Path.GetFullPath(c.CheckpointDirectory),
                FileStateSizeThreshold = c.FileStateSizeThreshold,
            },
            TimeSpan.FromTicks(m.BufferTimeoutTicks), restore, shuffle), null);
    }

    public static TriggerCheckpointRequest ToMessage(TaskAttempt attempt, long checkpointId, long timestamp, CheckpointProperties p) => new()
    {
        Attempt = attempt,
        CheckpointId = checkpointId,
        Timestamp = timestamp,
        Savepoint = p.IsSavepoint,
        SavepointFormat = p.SavepointFormat is { } f ? (int)f + 1 : 0,
        Synchronous = p.IsSynchronous,
        Drain = p.Drain,
        Unaligned = p.IsUnaligned,
    };

    public static (CheckpointProperties? Properties, string? Error) FromMessage(TriggerCheckpointRequest m)
    {
        if (m.CheckpointId < 1) return (null, $"The checkpoint id {m.CheckpointId} is not positive.");
        if (m.SavepointFormat != 0 && !Enum.IsDefined((SavepointFormatType)(m.SavepointFormat - 1))) return (null, $"The savepoint format {m.SavepointFormat} is unknown.");
        if (m.Savepoint != (m.SavepointFormat != 0)) return (null, "A savepoint needs a format, a checkpoint has none.");
        return (new CheckpointProperties(m.Savepoint, m.Savepoint ? (SavepointFormatType)(m.SavepointFormat - 1) : null, m.Synchronous, m.Drain)
        {
            IsUnaligned = m.Unaligned,
        }, null);
    }

    public static ProtoSerializedThrowable ToMessage(Exception e)
    {
        var (name, message, text) = Runtime.ExecutionGraph.SerializedThrowable.Describe(e);
        return new ProtoSerializedThrowable { ClassName = name, Message = message, Text = text };
    }

    /// <summary>The failure rebuilt as an exception that prints as the original did; texts are cut at 1 MiB.</summary>
    public static Exception FromMessage(ProtoSerializedThrowable? m) => m is null
        ? new InvalidOperationException("The task failed without a cause.")
        : new Runtime.ExecutionGraph.SerializedThrowable(Cut(m.ClassName, MaxNameLength), Cut(m.Message, 1 << 20), Cut(m.Text, 1 << 20));

    public static TaskMetrics ToMessage(TaskMetricsSnapshot s) => new()
    {
        NumRecordsIn = s.NumRecordsIn,
        NumRecordsOut = s.NumRecordsOut,
        NumBytesIn = s.NumBytesIn,
        NumBytesOut = s.NumBytesOut,
        BusyTimeMs = s.BusyTimeMs,
        IdleTimeMs = s.IdleTimeMs,
        BackPressuredTimeMs = s.BackPressuredTimeMs,
        RunningTimeMs = s.RunningTimeMs,
        BusyTimeMsPerSecond = s.BusyTimeMsPerSecond,
        IdleTimeMsPerSecond = s.IdleTimeMsPerSecond,
        BackPressuredTimeMsPerSecond = s.BackPressuredTimeMsPerSecond,
        NumRecordsInPerSecond = s.NumRecordsInPerSecond,
        NumRecordsOutPerSecond = s.NumRecordsOutPerSecond,
        CurrentInputWatermark = s.CurrentInputWatermark,
        CurrentOutputWatermark = s.CurrentOutputWatermark,
    };

    /// <summary>The metrics, or null when a counter is negative or a rate is not a finite non-negative number.</summary>
    public static TaskMetricsSnapshot? FromMessage(TaskMetrics? m)
    {
        if (m is null) return null;
        long[] counters = [m.NumRecordsIn, m.NumRecordsOut, m.NumBytesIn, m.NumBytesOut, m.BusyTimeMs, m.IdleTimeMs, m.BackPressuredTimeMs, m.RunningTimeMs];
        double[] rates = [m.BusyTimeMsPerSecond, m.IdleTimeMsPerSecond, m.BackPressuredTimeMsPerSecond, m.NumRecordsInPerSecond, m.NumRecordsOutPerSecond];
        if (counters.Any(c => c < 0) || rates.Any(r => !double.IsFinite(r) || r < 0)) return null;
        return new TaskMetricsSnapshot(m.NumRecordsIn, m.NumRecordsOut, m.NumBytesIn, m.NumBytesOut, m.BusyTimeMs, m.IdleTimeMs, m.BackPressuredTimeMs,
            m.RunningTimeMs, m.BusyTimeMsPerSecond, m.IdleTimeMsPerSecond, m.BackPressuredTimeMsPerSecond, m.NumRecordsInPerSecond, m.NumRecordsOutPerSecond)
        {
            CurrentInputWatermark = m.CurrentInputWatermark,
            CurrentOutputWatermark = m.CurrentOutputWatermark,
        };
    }

    /// <summary>
    /// The accumulators Brook defines, by value (an average by its sum and count). User-defined ones, whose types live in the
    /// job's package, are left out.
    /// </summary>
    public static IEnumerable<AccumulatorValue> ToMessage(IReadOnlyDictionary<string, IAccumulator>? accumulators)
    {
        if (accumulators is null) yield break;
        foreach (var (name, acc) in accumulators)
        {
            switch (acc)
            {
                case LongCounter l:
                    yield return new AccumulatorValue { Name = name, LongCounter = l.Value };
                    break;
                case IntCounter i:
                    yield return new AccumulatorValue { Name = name, IntCounter = i.Value };
                    break;
                case DoubleCounter d:
                    yield return new AccumulatorValue { Name = name, DoubleCounter = d.Value };
                    break;
                case Histogram h:
                    var v = new HistogramValue();
                    v.Counts.Add(h.Counts.ToDictionary(kv => kv.Key, kv => kv.Value));
                    yield return new AccumulatorValue { Name = name, Histogram = v };
                    break;
                case AverageAccumulator a:
                    var (sum, count) = a.Parts;
                    yield return new AccumulatorValue { Name = name, Average = new AverageValue { Sum = sum, Count = count } };
                    break;
            }
        }
    }

    /// <summary>The accumulators, or null when there are too many, a name repeats or is too long, or a value is unset.</summary>
    public static IReadOnlyDictionary<string, IAccumulator>? FromMessage(IReadOnlyCollection<AccumulatorValue> values)
    {
        if (values.Count > MaxAccumulators) return null;
        var result = new Dictionary<string, IAccumulator>(StringComparer.Ordinal);
        foreach (var a in values)
        {
            if (a.Name.Length is 0 or > MaxNameLength || result.ContainsKey(a.Name)) return null;
            IAccumulator? acc = a.ValueCase switch
            {
                AccumulatorValue.ValueOneofCase.LongCounter => new LongCounter(a.LongCounter),
                AccumulatorValue.ValueOneofCase.IntCounter => new IntCounter(a.IntCounter),
                AccumulatorValue.ValueOneofCase.DoubleCounter => new DoubleCounter(a.DoubleCounter),
                AccumulatorValue.ValueOneofCase.Histogram when a.Histogram.Counts.Count <= MaxHistogramEntries && a.Histogram.Counts.Values.All(c => c >= 0) =>
                    ToHistogram(a.Histogram),
                AccumulatorValue.ValueOneofCase.Average when a.Average.Count >= 0 => AverageAccumulator.FromParts(a.Average.Sum, a.Average.Count),
                _ => null,
            };
            if (acc is null) return null;
            result[a.Name] = acc;
        }
        return result;
    }

    private static Histogram ToHistogram(HistogramValue m)
    {
        var h = new Histogram();
        foreach (var (value, count) in m.Counts)
        {
            // Histogram has no setter: the count is added in powers of two (a histogram merged with itself doubles), in log2(count) merges.
            var power = new Histogram();
            power.Add(value);
            for (var rest = count; rest > 0; rest >>= 1)
            {
                if ((rest & 1) != 0) h.Merge(power);
                power.Merge(power.Snapshot());
            }
        }
        return h;
    }

    /// <summary>The acknowledgement's handle of a state file a task wrote: the file and, per operator, what it holds.</summary>
    public static Protocol.TaskStateHandle ToMessage(TaskStateHandle file, TaskStateSnapshot state)
    {
        var m = new Protocol.TaskStateHandle { File = ToMessage(file), TaskFinished = state.IsTaskFinished };
        foreach (var (id, op) in state.Operators)
        {
            var o = new OperatorStateSummary
            {
                OperatorId = id,
                KeyedStateSize = op.KeyedStateSize ?? -1,
                OperatorStateSize = op.OperatorStateSize ?? -1,
                InFlightSize = op.HasInputChannelState ? op.PersistedDataSize : -1,
                HasSourceSplits = op.SourceSplits is not null,
            };
            if (op.SourceSplits is { } splits) o.SourceSplits.AddRange(splits.Select(ByteString.CopyFrom));
            m.Operators.Add(o);
        }
        return m;
    }

    /// <summary>
    /// The acknowledged state as the JobManager keeps it: for each operator (of <paramref name="operators"/>, each once) its sizes and
    /// splits, its state in <paramref name="file"/> (validated by the caller); or why the summary is refused.
    /// </summary>
    public static (TaskStateSnapshot? State, string? Error) FromMessage(Protocol.TaskStateHandle m, TaskStateHandle file, IReadOnlySet<string> operators)
    {
        var states = new Dictionary<string, OperatorSubtaskState>(StringComparer.Ordinal);
        long total = 0;
        foreach (var o in m.Operators)
        {
            if (!operators.Contains(o.OperatorId) || states.ContainsKey(o.OperatorId))
                return (null, $"The state handle names operator '{Shorten(o.OperatorId)}', which is not an operator of the subtask's vertex or is listed twice.");
            if (o.KeyedStateSize < -1 || o.OperatorStateSize < -1 || o.InFlightSize < -1) return (null, $"The state sizes of operator {o.OperatorId} are out of range.");
            if (!o.HasSourceSplits && o.SourceSplits.Count > 0) return (null, $"Operator {o.OperatorId} has source splits but says it has none.");
            total += Math.Max(0, o.KeyedStateSize) + Math.Max(0, o.OperatorStateSize) + Math.Max(0, o.InFlightSize);
            states[o.OperatorId] = OperatorSubtaskState.InFile(file, o.KeyedStateSize < 0 ? null : o.KeyedStateSize, o.OperatorStateSize < 0 ? null : o.OperatorStateSize,
                o.HasSourceSplits ? o.SourceSplits.Select(b => b.ToByteArray()).ToList() : null, o.InFlightSize < 0 ? null : o.InFlightSize);
        }
        // The parts lie in the file: together they cannot be larger than it.
        if (total > file.Size) return (null, $"The state handle says its operators hold {total} bytes, more than the {file.Size} bytes of '{file.FilePath}'.");
        return (new TaskStateSnapshot(states, m.TaskFinished), null);
    }

    public static ProtoStatistics ToMessage(RuntimeStatistics s) => new()
    {
        SubtaskIndex = s.SubtaskIndex,
        AckTimestamp = s.AckTimestamp,
        StateSize = s.StateSize,
        SyncDurationMs = s.SyncDurationMillis,
        AsyncDurationMs = s.AsyncDurationMillis,
        AlignmentDurationMs = s.AlignmentDurationMillis,
        StartDelayMs = s.StartDelayMillis,
        TaskFinished = s.IsTaskFinished,
        Unaligned = s.Unaligned,
        PersistedData = s.PersistedData,
    };

    public static RuntimeStatistics? FromMessage(ProtoStatistics? m, int subtaskIndex)
    {
        if (m is null || m.SubtaskIndex != subtaskIndex) return null;
        if (new[] { m.AckTimestamp, m.StateSize, m.SyncDurationMs, m.AsyncDurationMs, m.AlignmentDurationMs, m.StartDelayMs, m.PersistedData }.Any(v => v < 0)) return null;
        return new RuntimeStatistics(m.SubtaskIndex, m.AckTimestamp, m.StateSize, m.SyncDurationMs, m.AsyncDurationMs, m.AlignmentDurationMs, m.StartDelayMs,
            m.TaskFinished)
        {
            Unaligned = m.Unaligned,
            PersistedData = m.PersistedData,
        };
    }

    public static string Shorten(string s)
    {
        var shortened = s.Length <= 64 ? s : s[..64] + "...";
        return new string(shortened.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
