using Brook.Runtime.OperatorEvents;

namespace Brook.Runtime.Tests.OperatorEvents;

public sealed class OperatorEventSerializerTests
{
    private static readonly OperatorEvent AddSplits = new(OperatorEventKind.AddSplits, 3, 2, [[1, 2, 3], [], [9]]);

    [Fact]
    public void EveryKindRoundTripsWithItsSubtaskAttemptAndSplits()
    {
        foreach (var e in new[]
                 {
                     new OperatorEvent(OperatorEventKind.ReaderRegistration, 0, 0), new OperatorEvent(OperatorEventKind.RequestSplit, 7, 4),
                     new OperatorEvent(OperatorEventKind.NoMoreSplits, 1, 9), AddSplits,
                 })
        {
            var read = OperatorEventSerializer.Read(OperatorEventSerializer.Write(e));
            Assert.Equal((e.Kind, e.Subtask, e.Attempt), (read.Kind, read.Subtask, read.Attempt));
            Assert.Equal(e.Splits, read.Splits);
        }
    }

    [Fact]
    public void EveryTruncationOfAnEventIsRejected()
    {
        var bytes = OperatorEventSerializer.Write(AddSplits);
        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<InvalidDataException>(() => OperatorEventSerializer.Read(bytes.AsSpan(0, length)));
    }

    [Fact]
    public void AnotherVersionAnUnknownKindTrailingBytesAndLyingLengthsAreRejectedByName()
    {
        var bytes = OperatorEventSerializer.Write(AddSplits);
        Assert.Contains("version 7", Reject(bytes, b => b[0] = 7));
        Assert.Contains("unknown kind 99", Reject(bytes, b => b[1] = 99));
        Assert.Contains("claims 2147483647 splits", Reject(bytes, b => BitConverter.TryWriteBytes(b.AsSpan(10), int.MaxValue)));
        Assert.Contains("claims -1 bytes", Reject(bytes, b => BitConverter.TryWriteBytes(b.AsSpan(14), -1)));
        Assert.Contains("bytes after", Assert.Throws<InvalidDataException>(() => OperatorEventSerializer.Read([.. bytes, 0])).Message);
        var request = OperatorEventSerializer.Write(new OperatorEvent(OperatorEventKind.RequestSplit, 1, 0));
        Assert.Contains("carries none", Assert.Throws<InvalidDataException>(() => OperatorEventSerializer.Read([.. request, 1])).Message);
        Assert.Contains("subtask -1", Reject(request, b => BitConverter.TryWriteBytes(b.AsSpan(2), -1)));
    }

    private static string Reject(byte[] bytes, Action<byte[]> corrupt)
    {
        var copy = bytes.ToArray();
        corrupt(copy);
        return Assert.Throws<InvalidDataException>(() => OperatorEventSerializer.Read(copy)).Message;
    }
}
