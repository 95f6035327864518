using System.Buffers;
using MessagePack;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The payload of a task state file (MessagePack): <c>[finished, [[operatorId, keyed|nil, operator|nil, [split...]|nil,
/// [[input, keyGroup, record]...]|nil]...]]</c> (files written before unaligned checkpoints have no fifth element).
/// The keyed and operator state inside are themselves versioned formats (<see cref="State.KeyedStateSnapshotFormat"/>,
/// <see cref="State.OperatorStateSnapshotFormat"/>), checked when they are restored.
/// </summary>
internal static class TaskStateSnapshotFormat
{
    public static byte[] Write(TaskStateSnapshot snapshot)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(snapshot.IsTaskFinished);
        writer.WriteArrayHeader(snapshot.Operators.Count);
        foreach (var (id, state) in snapshot.Operators)
        {
            writer.WriteArrayHeader(5);
            writer.Write(id);
            WriteBytes(ref writer, state.KeyedState);
            WriteBytes(ref writer, state.OperatorState);
            if (state.SourceSplits is null) writer.WriteNil();
            else
            {
                writer.WriteArrayHeader(state.SourceSplits.Count);
                foreach (var split in state.SourceSplits) writer.Write(split);
            }
            if (state.InputChannelState is null) writer.WriteNil();
            else
            {
                writer.WriteArrayHeader(state.InputChannelState.Count);
                foreach (var e in state.InputChannelState)
                {
                    writer.WriteArrayHeader(3);
                    writer.Write(e.Input);
                    writer.Write(e.KeyGroup);
                    writer.Write(e.Record);
                }
            }
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static TaskStateSnapshot Read(ReadOnlyMemory<byte> bytes, string source)
    {
        var reader = new MessagePackReader(bytes);
        try
        {
            if (reader.ReadArrayHeader() != 2) throw new InvalidDataException($"'{source}' is not a task state snapshot.");
            var finished = reader.ReadBoolean();
            var count = reader.ReadArrayHeader();
            var operators = new Dictionary<string, OperatorSubtaskState>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var fields = reader.ReadArrayHeader();
                if (fields is not (4 or 5)) throw new InvalidDataException($"'{source}' holds a malformed operator state.");
                var id = reader.ReadString() ?? throw new InvalidDataException($"'{source}' holds an operator state without an id.");
                var keyed = ReadBytes(ref reader);
                var op = ReadBytes(ref reader);
                List<byte[]>? splits = null;
                if (!reader.TryReadNil())
                {
                    var n = reader.ReadArrayHeader();
                    splits = new List<byte[]>(n);
                    for (var s = 0; s < n; s++) splits.Add(ReadBytes(ref reader) ?? throw new InvalidDataException($"'{source}' holds a null source split."));
                }
                List<InputChannelStateEntry>? channelState = null;
                if (fields == 5 && !reader.TryReadNil())
                {
                    var n = reader.ReadArrayHeader();
                    channelState = new List<InputChannelStateEntry>(n);
                    for (var r = 0; r < n; r++)
                    {
                        if (reader.ReadArrayHeader() != 3) throw new InvalidDataException($"'{source}' holds a malformed in-flight record.");
                        var input = reader.ReadInt32();
                        var keyGroup = reader.ReadInt32();
                        if (input is not (1 or 2)) throw new InvalidDataException($"'{source}' holds an in-flight record of input {input}.");
                        channelState.Add(new InputChannelStateEntry(input, keyGroup, ReadBytes(ref reader) ?? throw new InvalidDataException($"'{source}' holds a null in-flight record.")));
                    }
                }
                operators[id] = new OperatorSubtaskState(keyed, op, splits, channelState);
            }
            return new TaskStateSnapshot(operators, finished);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            throw new InvalidDataException($"The task state in '{source}' is corrupt.", e);
        }
    }

    internal static void WriteBytes(ref MessagePackWriter writer, byte[]? bytes)
    {
        if (bytes is null) writer.WriteNil();
        else writer.Write(bytes);
    }

    internal static byte[]? ReadBytes(ref MessagePackReader reader) => reader.TryReadNil() ? null : reader.ReadBytes()?.ToArray();
}
