using System.Buffers.Binary;
using Brook.Streaming.State;

namespace Brook.Streaming.Sinks;

/// <summary>
/// The committer side of a two-phase-commit sink inside its writer's subtask (Flink's CommitterOperator, here in
/// the same operator since a sink has no downstream): committables prepared at a barrier are kept per checkpoint
/// id and written into the checkpoint's operator state; a completed checkpoint commits everything prepared up to
/// it; a restore commits the restored committables again; the end of a bounded input commits the rest.
/// </summary>
internal abstract class SinkCommitterHandler<T> : IDisposable
{
    /// <summary>The name Flink gives the committer's raw operator state.</summary>
    public const string StateName = "streaming_committer_raw_states";

    /// <summary>The handler for a sink that supports a committer; null for any other sink.</summary>
    public static SinkCommitterHandler<T>? For(ISink<T> sink)
    {
        var contract = sink.GetType().GetInterfaces().FirstOrDefault(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISupportsCommitter<,>) && i.GenericTypeArguments[0] == typeof(T));
        if (contract is null) return null;
        var handler = typeof(SinkCommitterHandler<,>).MakeGenericType(typeof(T), contract.GenericTypeArguments[1]);
        return (SinkCommitterHandler<T>)Activator.CreateInstance(handler, sink)!;
    }

    /// <summary>Restores the committables of the checkpoint the subtask starts from and commits them again.</summary>
    public abstract void Initialize(ISinkWriterContext context, IOperatorStateStore store);

    /// <summary>Takes the writer's committables for checkpoint <paramref name="checkpointId"/> (long.MaxValue: end of input).</summary>
    public abstract void Prepare(long checkpointId, ISinkWriter<T> writer);

    /// <summary>Writes every committable not yet committed into the operator state being snapshotted.</summary>
    public abstract void Snapshot();

    /// <summary>Commits what was prepared up to <paramref name="checkpointId"/>; failures with an unknown reason throw.</summary>
    public abstract void CommitUpTo(long checkpointId);

    /// <summary>At the end of input: commits everything, retrying what asks for it a bounded number of times.</summary>
    public abstract void CommitAll();

    public abstract void Dispose();
}

internal sealed class SinkCommitterHandler<T, TCommittable>(ISupportsCommitter<T, TCommittable> sink) : SinkCommitterHandler<T>
{
    private const int EndOfInputRetries = 10;
    private readonly SortedDictionary<long, List<CommitRequest<TCommittable>>> _pending = new();
    private IListState<byte[]>? _state;
    private ICommitter<TCommittable>? _committer;

    public override void Initialize(ISinkWriterContext context, IOperatorStateStore store)
    {
        _committer = sink.CreateCommitter(context);
        _state = store.GetListState(new ListStateDescriptor<byte[]>(StateName));
        var serializer = sink.CommittableSerializer;
        foreach (var bytes in _state.Get() ?? [])
        {
            // [checkpoint id: 8][serializer version: 4][committable]
            var checkpointId = BinaryPrimitives.ReadInt64BigEndian(bytes);
            var version = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
            Add(checkpointId, serializer.Deserialize(version, bytes[12..]));
        }
        if (_pending.Count > 0) CommitUpTo(long.MaxValue);
    }

    public override void Prepare(long checkpointId, ISinkWriter<T> writer)
    {
        if (writer is not ICommittingSinkWriter<T, TCommittable> committing)
            throw new InvalidOperationException($"The sink {sink.Name} supports a committer, but its writer {writer.GetType().Name} is not an ICommittingSinkWriter<{typeof(T).Name}, {typeof(TCommittable).Name}>.");
        foreach (var c in committing.PrepareCommit()) Add(checkpointId, c);
    }

    public override void Snapshot()
    {
        var serializer = sink.CommittableSerializer;
        _state!.Update(_pending.SelectMany(p => p.Value).Select(r =>
        {
            var payload = serializer.Serialize(r.Committable);
            var bytes = new byte[12 + payload.Length];
            BinaryPrimitives.WriteInt64BigEndian(bytes, r.CheckpointId);
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), serializer.Version);
            payload.CopyTo(bytes, 12);
            return bytes;
        }).ToList());
    }

    public override void CommitUpTo(long checkpointId)
    {
        var due = _pending.Where(p => p.Key <= checkpointId).ToList();
        if (due.Count == 0) return;
        var requests = due.SelectMany(p => p.Value).ToList();
        foreach (var r in requests) r.StartAttempt();
        _committer!.Commit(requests);
        foreach (var (id, _) in due) _pending.Remove(id);
        Exception? unknown = null;
        foreach (var r in requests)
        {
            if (r.Result == CommitRequest<TCommittable>.Outcome.Retry) Add(r);
            else if (r.Result == CommitRequest<TCommittable>.Outcome.FailedWithUnknownReason) unknown ??= r.Failure;
        }
        if (unknown is not null) throw new IOException($"Committing the output of sink {sink.Name} failed: {unknown.Message}", unknown);
    }

    public override void CommitAll()
    {
        for (var attempt = 0; _pending.Count > 0; attempt++)
        {
            if (attempt > EndOfInputRetries)
                throw new IOException($"Sink {sink.Name} still asks to retry {_pending.Sum(p => p.Value.Count)} committables after {EndOfInputRetries} retries at the end of input.");
            CommitUpTo(long.MaxValue);
        }
    }

    public override void Dispose() => _committer?.Dispose();

    private void Add(long checkpointId, TCommittable committable) => Add(new CommitRequest<TCommittable>(checkpointId, committable));

    private void Add(CommitRequest<TCommittable> request)
    {
        if (!_pending.TryGetValue(request.CheckpointId, out var list)) _pending[request.CheckpointId] = list = [];
        list.Add(request);
    }
}
