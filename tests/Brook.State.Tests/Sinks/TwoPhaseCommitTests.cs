using Brook.Runtime.State;
using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Sinks;

namespace Brook.State.Tests.Sinks;

/// <summary>
/// The committer side of the sink operator: committables are committed only when a checkpoint at or after the one that
/// prepared them completes, survive in the checkpointed operator state, are committed again at a restore, and a
/// committer's retry and failure verdicts are honoured.
/// </summary>
public sealed class TwoPhaseCommitTests
{
    /// <summary>A sink whose writer hands over the records written since the last barrier, and whose committer records and judges each commit.</summary>
    private sealed class RecordingSink : ISupportsCommitter<string, string>
    {
        public List<(string Committable, int Retries)> Committed { get; } = [];

        public Func<ICommitRequest<string>, bool> Verdict { get; set; } = _ => true;

        public string Name => "Recording";

        public ISimpleVersionedSerializer<string> CommittableSerializer { get; } = new Utf8Serializer();

        public ISinkWriter<string> CreateWriter(ISinkWriterContext context) => new Writer();

        public ICommitter<string> CreateCommitter(ISinkWriterContext context) => new Committer(this);

        public sealed class Writer : ICommittingSinkWriter<string, string>
        {
            private readonly List<string> _written = [];

            public void Write(string value, SinkRecordContext context) => _written.Add(value);

            public void Flush(bool endOfInput)
            {
            }

            public IReadOnlyCollection<string> PrepareCommit()
            {
                var batch = _written.ToList();
                _written.Clear();
                return batch;
            }

            public void Dispose()
            {
            }
        }

        private sealed class Committer(RecordingSink sink) : ICommitter<string>
        {
            public void Commit(IReadOnlyCollection<ICommitRequest<string>> requests)
            {
                foreach (var r in requests)
                {
                    if (sink.Verdict(r)) sink.Committed.Add((r.Committable, r.NumberOfRetries));
                }
            }

            public void Dispose()
            {
            }
        }

        private sealed class Utf8Serializer : ISimpleVersionedSerializer<string>
        {
            public int Version => 1;

            public byte[] Serialize(string value) => System.Text.Encoding.UTF8.GetBytes(value);

            public string Deserialize(int version, byte[] serialized) => System.Text.Encoding.UTF8.GetString(serialized);
        }
    }

    private sealed class Context : ISinkWriterContext
    {
        public int SubtaskIndex => 0;

        public int NumberOfParallelSubtasks => 1;

        public IRuntimeContext RuntimeContext => throw new NotSupportedException();

        public IProcessingTimeService ProcessingTimeService => throw new NotSupportedException();
    }

    private static DefaultOperatorStateBackend Store(byte[]? restoreFrom = null)
    {
        var store = (DefaultOperatorStateBackend)new HashMapStateBackend().CreateOperatorStateBackend(new OperatorStateBackendParameters("job", "op", "Sink", 0, 1));
        if (restoreFrom is not null) store.Restore([restoreFrom], 0, 1);
        return store;
    }

    private static (SinkCommitterHandler<string> Handler, ISinkWriter<string> Writer) Open(RecordingSink sink, DefaultOperatorStateBackend store)
    {
        var handler = SinkCommitterHandler<string>.For(sink)!;
        handler.Initialize(new Context(), store);
        return (handler, sink.CreateWriter(new Context()));
    }

    /// <summary>A barrier: prepare, then snapshot the operator state.</summary>
    private static byte[] Checkpoint(SinkCommitterHandler<string> handler, ISinkWriter<string> writer, DefaultOperatorStateBackend store, long id)
    {
        handler.Prepare(id, writer);
        handler.Snapshot();
        return store.Snapshot();
    }

    [Fact]
    public void Committables_are_committed_when_their_checkpoint_or_a_later_one_completes_and_again_after_a_restore()
    {
        var sink = new RecordingSink();
        var store = Store();
        var (handler, writer) = Open(sink, store);
        writer.Write("a", default);
        Checkpoint(handler, writer, store, 1);
        writer.Write("b", default);
        var second = Checkpoint(handler, writer, store, 2);
        writer.Write("c", default);
        Checkpoint(handler, writer, store, 3);
        Assert.Empty(sink.Committed);

        handler.CommitUpTo(2);                              // the notification of 1 was skipped: 2 covers it
        Assert.Equal(["a", "b"], sink.Committed.Select(c => c.Committable));
        handler.CommitUpTo(2);
        Assert.Equal(2, sink.Committed.Count);

        // A failure after checkpoint 2 completed: its state still lists what it prepared, which is committed again at once.
        var restored = new RecordingSink();
        var (again, _) = Open(restored, Store(second));
        Assert.Equal(["a", "b"], restored.Committed.Select(c => c.Committable).Order());
        again.CommitUpTo(long.MaxValue);
        Assert.Equal(2, restored.Committed.Count);
    }

    [Fact]
    public void A_committable_asked_to_retry_is_committed_at_the_next_completion_and_an_unknown_failure_fails_the_subtask()
    {
        var sink = new RecordingSink
        {
            Verdict = r =>
            {
                if (r.NumberOfRetries > 0) return true;
                r.RetryLater();
                return false;
            },
        };
        var store = Store();
        var (handler, writer) = Open(sink, store);
        writer.Write("a", default);
        Checkpoint(handler, writer, store, 1);
        handler.CommitUpTo(1);
        Assert.Empty(sink.Committed);
        handler.CommitUpTo(2);
        Assert.Equal([("a", 1)], sink.Committed);

        sink.Verdict = r =>
        {
            if (r.Committable == "known") r.SignalFailedWithKnownReason(new InvalidOperationException("gone"));
            else r.SignalFailedWithUnknownReason(new InvalidOperationException("disk on fire"));
            return false;
        };
        writer.Write("known", default);
        Checkpoint(handler, writer, store, 3);
        handler.CommitUpTo(3);                               // dropped quietly
        writer.Write("unknown", default);
        Checkpoint(handler, writer, store, 4);
        var failure = Assert.Throws<IOException>(() => handler.CommitUpTo(4));
        Assert.Contains("disk on fire", failure.Message);
        Assert.Contains("Recording", failure.Message);
    }
}
