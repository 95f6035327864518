using System.Buffers;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.Network;
using Brook.Runtime.State;
using MessagePack;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// The in-flight records of an unaligned checkpoint as they are written and read back: a round trip, files written
/// before channel state existed, and hostile files (a record for a third input, a truncated file, bytes that are not a
/// record of the input's type), each refused naming what is wrong, never restored silently.
/// </summary>
public sealed class ChannelStateFormatTests
{
    private static byte[] Record(long value, long timestamp) => MessagePackSerializer.Serialize((value, timestamp), StateSerialization.Options);

    [Fact]
    public void In_flight_records_round_trip_with_their_input_and_key_group()
    {
        var state = new OperatorSubtaskState(null, null, null, [new InputChannelStateEntry(1, 7, Record(41, 1000)), new InputChannelStateEntry(2, -1, Record(42, 2000))]);
        var snapshot = new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState> { ["op"] = state }, false);

        var read = TaskStateSnapshotFormat.Read(TaskStateSnapshotFormat.Write(snapshot), "task-file");

        var entries = read.Operators["op"].InputChannelState!;
        Assert.Equal([(1, 7), (2, -1)], entries.Select(e => (e.Input, e.KeyGroup)));
        Assert.Equal(entries.Sum(e => (long)e.Record.Length), read.Operators["op"].PersistedDataSize);
    }

    [Fact]
    public void A_task_state_file_written_before_channel_state_still_reads()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(false);
        writer.WriteArrayHeader(1);
        writer.WriteArrayHeader(4);
        writer.Write("op");
        writer.Write(new byte[] { 1, 2, 3 });
        writer.WriteNil();
        writer.WriteNil();
        writer.Flush();

        var read = TaskStateSnapshotFormat.Read(buffer.WrittenMemory, "old-file");

        Assert.Null(read.Operators["op"].InputChannelState);
        Assert.Equal(3, read.Operators["op"].StateSize);
    }

    [Fact]
    public void A_record_for_a_third_input_or_a_truncated_file_is_refused_naming_the_file()
    {
        var third = new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState>
        {
            ["op"] = new(null, null, null, [new InputChannelStateEntry(3, -1, Record(1, 1))]),
        }, false);
        var e = Assert.Throws<InvalidDataException>(() => TaskStateSnapshotFormat.Read(TaskStateSnapshotFormat.Write(third), "chk-3/task"));
        Assert.Contains("'chk-3/task' holds an in-flight record of input 3", e.Message);

        var good = TaskStateSnapshotFormat.Write(new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState>
        {
            ["op"] = new(null, null, null, [new InputChannelStateEntry(1, -1, Record(1, 1))]),
        }, false));
        var truncated = Assert.Throws<InvalidDataException>(() => TaskStateSnapshotFormat.Read(good.AsMemory(0, good.Length - 4), "chk-4/task"));
        Assert.Contains("chk-4/task", truncated.Message);
    }

    [Fact]
    public void An_in_flight_record_that_is_not_of_the_inputs_type_fails_the_restore_with_a_clear_error()
    {
        var gate = new InputGate<long>([new LocalInputChannel<long>(2, 4)], new InputSignal());
        var e = Assert.Throws<InvalidDataException>(() => gate.Recover([new InputChannelStateEntry(1, -1, MessagePackSerializer.Serialize(("not a number", 1L)))]));
        Assert.Contains("cannot be read as Int64", e.Message);
    }
}
