using Brook.Runtime.State;
using Brook.Streaming.Sources;
using MessagePack;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// How source splits and split enumerator state are written into checkpoints: MessagePack with the state
/// serializer's options (public members of the split type), so every split type with a public constructor works.
/// </summary>
internal static class SourceSplitSerializer<TSplit> where TSplit : ISourceSplit
{
    public static byte[] Write(TSplit split) => MessagePackSerializer.Serialize(split, StateSerialization.Options);

    public static TSplit Read(byte[] bytes)
    {
        try
        {
            return MessagePackSerializer.Deserialize<TSplit>(bytes, StateSerialization.Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"A checkpointed source split of type {typeof(TSplit).Name} is corrupt.", e);
        }
    }

    public static byte[] WriteEnumeratorState(IReadOnlyList<(int Subtask, TSplit Split)> state) =>
        MessagePackSerializer.Serialize(state.Select(s => (s.Subtask, Write(s.Split))).ToList(), StateSerialization.Options);

    public static IReadOnlyList<(int Subtask, TSplit Split)> ReadEnumeratorState(byte[] bytes)
    {
        try
        {
            return MessagePackSerializer.Deserialize<List<(int, byte[])>>(bytes, StateSerialization.Options).Select(s => (s.Item1, Read(s.Item2))).ToList();
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"The checkpointed split enumerator state ({typeof(TSplit).Name}) is corrupt.", e);
        }
    }
}
