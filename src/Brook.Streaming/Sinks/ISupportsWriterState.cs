namespace Brook.Streaming.Sinks;

/// <summary>
/// A sink whose writers keep state across failures (Flink's SupportsWriterState). A subtask restored from a
/// checkpoint that holds writer state gets its writer from <see cref="RestoreWriter"/>; otherwise from
/// <see cref="ISink{T}.CreateWriter"/>, which must then return an <see cref="IStatefulSinkWriter{T,TWriterState}"/> too.
/// </summary>
public interface ISupportsWriterState<T, TWriterState> : ISink<T>
{
    ISimpleVersionedSerializer<TWriterState> WriterStateSerializer { get; }

    IStatefulSinkWriter<T, TWriterState> RestoreWriter(ISinkWriterContext context, IReadOnlyCollection<TWriterState> recoveredState);
}
