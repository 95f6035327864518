using System.Buffers.Binary;
using Brook.Streaming.State;

namespace Brook.Streaming.Sinks;

/// <summary>
/// Keeps a stateful sink writer's state in the checkpoint (Flink's SinkWriterOperator with SupportsWriterState):
/// the writer's snapshot goes into operator list state at every checkpoint; a subtask restored with such state
/// gets its writer from <see cref="ISupportsWriterState{T,TWriterState}.RestoreWriter"/>.
/// </summary>
internal abstract class SinkWriterStateHandler<T>
{
    /// <summary>The name Flink gives the writer's raw operator state.</summary>
    public const string StateName = "writer_raw_states";

    /// <summary>The handler for a sink with writer state; null for any other sink.</summary>
    public static SinkWriterStateHandler<T>? For(ISink<T> sink)
    {
        var contract = sink.GetType().GetInterfaces().FirstOrDefault(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISupportsWriterState<,>) && i.GenericTypeArguments[0] == typeof(T));
        if (contract is null) return null;
        var handler = typeof(SinkWriterStateHandler<,>).MakeGenericType(typeof(T), contract.GenericTypeArguments[1]);
        return (SinkWriterStateHandler<T>)Activator.CreateInstance(handler, sink)!;
    }

    /// <summary>The subtask's writer: restored from the checkpoint's writer state if there is any, new otherwise.</summary>
    public abstract ISinkWriter<T> CreateWriter(ISinkWriterContext context, IOperatorStateStore store);

    public abstract void Snapshot(long checkpointId, ISinkWriter<T> writer);
}

internal sealed class SinkWriterStateHandler<T, TWriterState>(ISupportsWriterState<T, TWriterState> sink) : SinkWriterStateHandler<T>
{
    private IListState<byte[]>? _state;

    public override ISinkWriter<T> CreateWriter(ISinkWriterContext context, IOperatorStateStore store)
    {
        _state = store.GetListState(new ListStateDescriptor<byte[]>(StateName));
        var serializer = sink.WriterStateSerializer;
        // [serializer version: 4][writer state]
        var restored = (_state.Get() ?? []).Select(b => serializer.Deserialize(BinaryPrimitives.ReadInt32BigEndian(b), b[4..])).ToList();
        return restored.Count == 0 ? sink.CreateWriter(context) : sink.RestoreWriter(context, restored);
    }

    public override void Snapshot(long checkpointId, ISinkWriter<T> writer)
    {
        if (writer is not IStatefulSinkWriter<T, TWriterState> stateful)
            throw new InvalidOperationException($"The sink {sink.Name} supports writer state, but its writer {writer.GetType().Name} is not an IStatefulSinkWriter<{typeof(T).Name}, {typeof(TWriterState).Name}>.");
        var serializer = sink.WriterStateSerializer;
        _state!.Update(stateful.SnapshotState(checkpointId).Select(s =>
        {
            var payload = serializer.Serialize(s);
            var bytes = new byte[4 + payload.Length];
            BinaryPrimitives.WriteInt32BigEndian(bytes, serializer.Version);
            payload.CopyTo(bytes, 4);
            return bytes;
        }).ToList());
    }
}
