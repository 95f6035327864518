namespace Brook.Streaming.Sinks;

/// <summary>
/// Writes a sink's committables and writer state into checkpoints (Flink's SimpleVersionedSerializer): the
/// version is stored beside the bytes, so a newer sink can still read what an older one checkpointed.
/// </summary>
public interface ISimpleVersionedSerializer<T>
{
    int Version { get; }

    byte[] Serialize(T value);

    T Deserialize(int version, byte[] serialized);
}
