namespace Brook.Streaming.Sinks.Files;

/// <summary>The checkpoint formats of the FileSink's committables and bucket states (version 1: length-prefixed UTF-8 strings, big-endian integers).</summary>
internal static class FileSinkSerializers
{
    public static ISimpleVersionedSerializer<FileSinkCommittable> Committable { get; } = new CommittableSerializer();

    public static ISimpleVersionedSerializer<FileWriterBucketState> BucketState { get; } = new BucketStateSerializer();

    private static void Write(BinaryWriter w, PartFileRecoverable file)
    {
        w.Write(file.TargetPath);
        w.Write(file.TempPath);
        w.Write(file.Length);
    }

    private static PartFileRecoverable ReadFile(BinaryReader r) => new(r.ReadString(), r.ReadString(), r.ReadInt64());

    private static byte[] Serialize(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer)) write(w);
        return buffer.ToArray();
    }

    private static TResult Deserialize<TResult>(int version, byte[] bytes, string what, Func<BinaryReader, TResult> read)
    {
        if (version != 1) throw new InvalidDataException($"FileSink {what} format version {version} is not supported (this version reads 1).");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            return read(r);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"A FileSink {what} in the checkpoint is truncated.", e);
        }
    }

    private sealed class CommittableSerializer : ISimpleVersionedSerializer<FileSinkCommittable>
    {
        public int Version => 1;

        public byte[] Serialize(FileSinkCommittable value) => FileSinkSerializers.Serialize(w =>
        {
            w.Write(value.BucketId);
            Write(w, value.PendingFile);
        });

        public FileSinkCommittable Deserialize(int version, byte[] serialized) =>
            FileSinkSerializers.Deserialize(version, serialized, "committable", r => new FileSinkCommittable(r.ReadString(), ReadFile(r)));
    }

    private sealed class BucketStateSerializer : ISimpleVersionedSerializer<FileWriterBucketState>
    {
        public int Version => 1;

        public byte[] Serialize(FileWriterBucketState value) => FileSinkSerializers.Serialize(w =>
        {
            w.Write(value.BucketId);
            w.Write(value.BucketPath);
            w.Write(value.InProgressFileCreationTime);
            w.Write(value.InProgressFile is not null);
            if (value.InProgressFile is not null) Write(w, value.InProgressFile);
        });

        public FileWriterBucketState Deserialize(int version, byte[] serialized) =>
            FileSinkSerializers.Deserialize(version, serialized, "bucket state", r =>
                new FileWriterBucketState(r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadBoolean() ? ReadFile(r) : null));
    }
}
