using System.Collections.Concurrent;
using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.OperatorEvents;
using Brook.Runtime.Tasks;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tests.OperatorEvents;

/// <summary>Both ends of the operator event wire, driven directly: the JobManager's coordinator and a task's gateway.</summary>
public sealed class SourceCoordinatorEventTests
{
    private static readonly OperatorId Operator = new("0123456789abcdef0123456789abcdef");

    /// <summary>A task attempt as the coordinator reaches it: keeps what was sent; sends complete as <see cref="Send"/> says.</summary>
    private sealed class RecordingSubtask : ISubtaskGateway
    {
        public ConcurrentQueue<OperatorEvent> Sent { get; } = new();

        public ConcurrentQueue<Exception> Failures { get; } = new();

        public Func<Task> Send { get; set; } = () => Task.CompletedTask;

        public Task SendEvent(byte[] operatorEvent)
        {
            Sent.Enqueue(OperatorEventSerializer.Read(operatorEvent));
            return Send();
        }

        public void FailSubtask(Exception cause) => Failures.Enqueue(cause);
    }

    /// <summary>A reader as its remote gateway reaches it.</summary>
    private sealed class RecordingReader : ISourceReaderGateway<IndexRangeSplit>
    {
        public List<IndexRangeSplit> Splits { get; } = [];

        public bool NoMore { get; private set; }

        public List<Exception> Failures { get; } = [];

        public void AddSplits(IReadOnlyList<IndexRangeSplit> splits) => Splits.AddRange(splits);

        public void NoMoreSplits() => NoMore = true;

        public void Fail(Exception cause) => Failures.Add(cause);
    }

    private static byte[] Event(OperatorEventKind kind, int subtask, int attempt) => OperatorEventSerializer.Write(new OperatorEvent(kind, subtask, attempt));

    private static SourceCoordinator<long, IndexRangeSplit> Coordinator() => new(new ManySplitsSource(100, splits: 4), parallelism: 2);

    [Fact]
    public void ARemoteReaderRegistersAsksAndGetsItsSplitsAsSerializedEvents()
    {
        using var coordinator = Coordinator();
        var subtask = new RecordingSubtask();
        coordinator.SubtaskReady(1, 0, subtask);

        Assert.True(coordinator.HandleEventFromOperator(1, 0, Event(OperatorEventKind.ReaderRegistration, 1, 0)));
        Assert.True(coordinator.HandleEventFromOperator(1, 0, Event(OperatorEventKind.RequestSplit, 1, 0)));

        Assert.Equal(1, coordinator.NumRegisteredReaders);
        var sent = Assert.Single(subtask.Sent);
        Assert.Equal((OperatorEventKind.AddSplits, 1, 0), (sent.Kind, sent.Subtask, sent.Attempt));
        Assert.Equal(new IndexRangeSplit("0", 1, 26), SourceSplitSerializer<IndexRangeSplit>.Read(Assert.Single(sent.Splits)));
    }

    [Fact]
    public void EventsOfAnAttemptThatIsNotTheCurrentOneAreDropped()
    {
        using var coordinator = Coordinator();
        var attempt1 = new RecordingSubtask();
        coordinator.SubtaskReady(0, 1, attempt1);

        Assert.False(coordinator.HandleEventFromOperator(0, 0, Event(OperatorEventKind.ReaderRegistration, 0, 0)));
        Assert.False(coordinator.HandleEventFromOperator(0, 0, Event(OperatorEventKind.RequestSplit, 0, 0)));
        Assert.Equal(0, coordinator.NumRegisteredReaders);
        Assert.Empty(attempt1.Sent);
        Assert.Equal(0, coordinator.NumAssignedSplits);

        Assert.True(coordinator.HandleEventFromOperator(0, 1, Event(OperatorEventKind.ReaderRegistration, 0, 1)));
        // A newer attempt replaces this one: the old one's late request assigns nothing.
        var attempt2 = new RecordingSubtask();
        coordinator.SubtaskReady(0, 2, attempt2);
        Assert.False(coordinator.HandleEventFromOperator(0, 1, Event(OperatorEventKind.RequestSplit, 0, 1)));
        Assert.Equal(0, coordinator.NumRegisteredReaders);
        Assert.Empty(attempt1.Sent);
        Assert.Empty(attempt2.Sent);
    }

    [Fact]
    public void MalformedEventsFromATaskManagerFailOnlyTheirHandlingNamingTheSubtask()
    {
        using var coordinator = Coordinator();
        var subtask = new RecordingSubtask();
        coordinator.SubtaskReady(1, 0, subtask);
        var registration = Event(OperatorEventKind.ReaderRegistration, 1, 0);

        Assert.Contains("subtask 1 (attempt 0)", Assert.Throws<InvalidDataException>(() => coordinator.HandleEventFromOperator(1, 0, registration[..5])).Message);
        Assert.Contains("asked for a split before its reader registered",
            Assert.Throws<InvalidDataException>(() => coordinator.HandleEventFromOperator(1, 0, Event(OperatorEventKind.RequestSplit, 1, 0))).Message);
        Assert.Contains("names subtask 0",
            Assert.Throws<InvalidDataException>(() => coordinator.HandleEventFromOperator(1, 0, Event(OperatorEventKind.ReaderRegistration, 0, 0))).Message);
        Assert.Contains("goes from the enumerator to readers",
            Assert.Throws<InvalidDataException>(() => coordinator.HandleEventFromOperator(1, 0, Event(OperatorEventKind.NoMoreSplits, 1, 0))).Message);
        Assert.Contains("2 subtasks", Assert.Throws<InvalidDataException>(() => coordinator.HandleEventFromOperator(5, 0, Event(OperatorEventKind.ReaderRegistration, 5, 0))).Message);

        // Nothing was assigned on the way, and the coordinator still serves the subtask.
        Assert.Equal(0, coordinator.NumAssignedSplits);
        Assert.True(coordinator.HandleEventFromOperator(1, 0, registration));
        Assert.True(coordinator.HandleEventFromOperator(1, 0, Event(OperatorEventKind.RequestSplit, 1, 0)));
        Assert.Equal(1, coordinator.NumAssignedSplits);
    }

    [Fact]
    public void ACheckpointDoesNotTriggerReadersWhileAnEarlierAssignmentMayBeLostAndTheSubtaskFails()
    {
        using var coordinator = Coordinator();
        var subtask = new RecordingSubtask { Send = () => Task.FromException(new IOException("connection reset")) };
        coordinator.SubtaskReady(0, 0, subtask);
        coordinator.HandleEventFromOperator(0, 0, Event(OperatorEventKind.ReaderRegistration, 0, 0));
        coordinator.HandleEventFromOperator(0, 0, Event(OperatorEventKind.RequestSplit, 0, 0));

        var triggered = false;
        var e = Assert.Throws<IOException>(() => coordinator.SnapshotAndTrigger(1, _ => triggered = true));

        Assert.Contains("connection reset", e.Message);
        Assert.False(triggered);
        Assert.Contains("connection reset", Assert.Single(subtask.Failures).Message);
    }

    [Fact]
    public void ACheckpointDoesNotTriggerReadersBeforeEarlierAssignmentsAreInTheTasksMailbox()
    {
        using var coordinator = new SourceCoordinator<long, IndexRangeSplit>(new ManySplitsSource(100, splits: 4), 2, eventDeliveryTimeout: TimeSpan.FromMilliseconds(50));
        var delivery = new TaskCompletionSource();
        var subtask = new RecordingSubtask { Send = () => delivery.Task };
        coordinator.SubtaskReady(0, 0, subtask);
        coordinator.HandleEventFromOperator(0, 0, Event(OperatorEventKind.ReaderRegistration, 0, 0));
        coordinator.HandleEventFromOperator(0, 0, Event(OperatorEventKind.RequestSplit, 0, 0));

        var triggered = 0;
        Assert.Throws<TimeoutException>(() => coordinator.SnapshotAndTrigger(1, _ => triggered++));
        Assert.Equal(0, triggered);

        delivery.SetResult();
        coordinator.SnapshotAndTrigger(2, _ => triggered++);
        Assert.Equal(1, triggered);
        Assert.Empty(subtask.Failures);
    }

    [Fact]
    public void TheTaskSideAppliesItsAttemptsEventsDropsOthersAndFailsTheTaskOnMalformedOnes()
    {
        var sent = new ConcurrentQueue<(OperatorId, int, int, OperatorEvent)>();
        var gateway = new RemoteSplitEnumeratorGateway<IndexRangeSplit>(Operator, 1, 3, new Sender(sent));
        var reader = new RecordingReader();
        gateway.RegisterReader(1, reader);
        gateway.HandleSplitRequest(1);
        Assert.Equal([OperatorEventKind.ReaderRegistration, OperatorEventKind.RequestSplit], sent.Select(s => s.Item4.Kind));
        Assert.All(sent, s => Assert.Equal((Operator, 1, 3), (s.Item1, s.Item2, s.Item3)));

        var split = new IndexRangeSplit("7", 10, 20);
        var add = OperatorEventSerializer.Write(new OperatorEvent(OperatorEventKind.AddSplits, 1, 3, [SourceSplitSerializer<IndexRangeSplit>.Write(split)]));
        Assert.True(gateway.HandleOperatorEvent(add));
        Assert.False(gateway.HandleOperatorEvent(OperatorEventSerializer.Write(new OperatorEvent(OperatorEventKind.AddSplits, 1, 2,
            [SourceSplitSerializer<IndexRangeSplit>.Write(new IndexRangeSplit("8", 0, 1))]))));
        Assert.True(gateway.HandleOperatorEvent(Event(OperatorEventKind.NoMoreSplits, 1, 3)));
        Assert.Equal([split], reader.Splits);
        Assert.True(reader.NoMore);
        Assert.Empty(reader.Failures);

        var unreadableSplit = OperatorEventSerializer.Write(new OperatorEvent(OperatorEventKind.AddSplits, 1, 3, [[0xc1]]));
        Assert.Contains("subtask 1 (attempt 3) is malformed", Assert.Throws<InvalidDataException>(() => gateway.HandleOperatorEvent(unreadableSplit)).Message);
        Assert.Throws<InvalidDataException>(() => gateway.HandleOperatorEvent(add[..^2]));
        Assert.Equal(2, reader.Failures.Count);
        Assert.Equal([split], reader.Splits);
    }

    [Fact]
    public void ARegistrationThatCannotReachTheEnumeratorFailsTheReadersTask()
    {
        var gateway = new RemoteSplitEnumeratorGateway<IndexRangeSplit>(Operator, 0, 0, new FailingSender());
        var reader = new RecordingReader();

        gateway.RegisterReader(0, reader);

        Assert.Contains("did not reach the split enumerator", Assert.Single(reader.Failures).Message);
    }

    private sealed class Sender(ConcurrentQueue<(OperatorId, int, int, OperatorEvent)> sent) : IOperatorEventSender
    {
        public Task SendToCoordinator(OperatorId operatorId, int subtask, int attemptNumber, byte[] operatorEvent)
        {
            sent.Enqueue((operatorId, subtask, attemptNumber, OperatorEventSerializer.Read(operatorEvent)));
            return Task.CompletedTask;
        }
    }

    private sealed class FailingSender : IOperatorEventSender
    {
        public Task SendToCoordinator(OperatorId operatorId, int subtask, int attemptNumber, byte[] operatorEvent) =>
            Task.FromException(new IOException("JobManager unreachable"));
    }
}
