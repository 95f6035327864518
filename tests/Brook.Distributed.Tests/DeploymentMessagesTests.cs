using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Runtime.ExecutionGraph;
using Brook.Streaming.Accumulators;
using Google.Protobuf;

namespace Brook.Distributed.Tests;

/// <summary>The deployment RPC's messages: what a TaskManager accepts, what it refuses, and what survives the trip.</summary>
public sealed class DeploymentMessagesTests
{
    private static readonly ResourceId Self = ResourceId.Generate();
    private static readonly string Vertex = HexId.NewHex();
    private static readonly string Head = HexId.NewHex();
    private static readonly string Chained = HexId.NewHex();

    private static TaskDeployment Valid()
    {
        var m = new TaskDeployment
        {
            Attempt = new TaskAttempt { ResourceId = Self.Hex, JobId = HexId.NewHex(), AttemptId = HexId.NewHex() },
            JobName = "WordCount",
            VertexId = Vertex,
            SubtaskIndex = 1,
            AttemptNumber = 0,
            SlotIndex = 0,
            Package = new JobPackage { BlobKey = new string('a', 64), HasEntryClass = true, EntryClass = "Brook.Examples.WordCount" },
            Checkpointing = new TaskCheckpointing { Mode = 0, Periodic = true, CheckpointsAfterTasksFinish = true, AlignedTimeoutMs = -1 },
            BufferTimeoutTicks = TimeSpan.FromMilliseconds(100).Ticks,
        };
        var v = new VertexDeployment { VertexId = Vertex, Parallelism = 2 };
        v.OperatorIds.Add(Head);
        v.OperatorIds.Add(Chained);
        v.OperatorNames.Add("Source: Lines");
        v.OperatorNames.Add("Tokenizer");
        m.Vertices.Add(v);
        var restore = new TaskRestore { CheckpointId = 3 };
        var op = new OperatorRestore { OperatorId = Chained };
        op.KeyedStates.Add(ByteString.CopyFrom(1, 2, 3));
        op.InFlight.Add(new InFlightRecord { Input = 1, KeyGroup = 7, Record = ByteString.CopyFrom(9) });
        restore.Operators.Add(op);
        m.Restore = restore;
        return m;
    }

    [Fact]
    public void A_valid_deployment_is_read_with_its_vertices_package_checkpointing_and_restore()
    {
        var (request, error) = DeploymentMessages.FromMessage(Valid(), Self);
        Assert.Null(error);
        Assert.Equal(1, request!.SubtaskIndex);
        Assert.Equal("Brook.Examples.WordCount", request.Package.EntryClass);
        Assert.Null(request.Package.Parallelism);
        Assert.Equal(TimeSpan.FromMilliseconds(100), request.BufferTimeout);
        Assert.Null(request.CheckpointSettings.AlignedCheckpointTimeout);
        Assert.Equal([new OperatorId(Head), new OperatorId(Chained)], request.ExpectedOperatorIds[new JobVertexId(Vertex)]);
        Assert.Equal("Tokenizer", request.OperatorNames[new OperatorId(Chained)]);
        Assert.Equal(3, request.Restore!.RestoreCheckpointId);
        Assert.Equal([1, 2, 3], request.Restore.Operators[Chained].KeyedStates.Single());
        Assert.Equal(7, request.Restore.Operators[Chained].InputChannelState.Single().KeyGroup);
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "other taskmanager", "is meant for TaskManager" },
        { "attempt id", "attempt id" },
        { "vertex id", "vertex id" },
        { "unknown vertex", "is not one of the job's vertices" },
        { "subtask", "subtask index 2 is out of range" },
        { "negative attempt", "attempt number -1" },
        { "blob key", "blob key" },
        { "parallelism", "parallelism 0" },
        { "operator id", "operator id" },
        { "names", "operator names" },
        { "mode", "checkpointing mode 9" },
        { "aligned timeout", "aligned checkpoint timeout" },
        { "buffer timeout", "buffer timeout" },
        { "restored operator", "is not an operator of vertex" },
        { "in-flight input", "input other than 1 or 2" },
        { "no package", "no job package" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_deployment_with_a_bad_field_is_refused_naming_it(string corruption, string expected)
    {
        var m = Valid();
        switch (corruption)
        {
            case "other taskmanager": m.Attempt.ResourceId = HexId.NewHex(); break;
            case "attempt id": m.Attempt.AttemptId = "../../etc"; break;
            case "vertex id": m.VertexId = "x"; break;
            case "unknown vertex": m.VertexId = HexId.NewHex(); break;
            case "subtask": m.SubtaskIndex = 2; break;
            case "negative attempt": m.AttemptNumber = -1; break;
            case "blob key": m.Package.BlobKey = "zz"; break;
            case "parallelism": m.Vertices[0].Parallelism = 0; break;
            case "operator id": m.Vertices[0].OperatorIds[1] = "nope"; break;
            case "names": m.Vertices[0].OperatorNames.RemoveAt(1); break;
            case "mode": m.Checkpointing.Mode = 9; break;
            case "aligned timeout": m.Checkpointing.AlignedTimeoutMs = -5; break;
            case "buffer timeout": m.BufferTimeoutTicks = long.MaxValue; break;
            case "restored operator": m.Restore.Operators[0].OperatorId = HexId.NewHex(); break;
            case "in-flight input": m.Restore.Operators[0].InFlight[0].Input = 3; break;
            case "no package": m.Package = null; break;
        }
        var (request, error) = DeploymentMessages.FromMessage(m, Self);
        Assert.Null(request);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_failure_from_a_taskmanager_prints_as_the_original_under_its_type_name()
    {
        Exception original;
        try
        {
            throw new ArgumentException("Record 42 is poisoned.", new IOException("inner"));
        }
        catch (Exception e)
        {
            original = e;
        }
        var rebuilt = DeploymentMessages.FromMessage(DeploymentMessages.ToMessage(original));
        Assert.Equal(original.ToString(), rebuilt.ToString());
        Assert.Equal("Record 42 is poisoned.", rebuilt.Message);
        var info = ErrorInfo.From(rebuilt, 0);
        Assert.Equal("System.ArgumentException", info.ExceptionType);
        Assert.Equal(original.ToString(), info.StackTrace);
        // Sent on again (a JobManager-side failure of a remote cause), it stays the original.
        Assert.Equal(original.ToString(), DeploymentMessages.FromMessage(DeploymentMessages.ToMessage(rebuilt)).ToString());
    }

    [Fact]
    public void Accumulators_cross_with_their_values_and_malformed_ones_are_refused()
    {
        var histogram = new Histogram();
        foreach (var v in new[] { 1, 1, 1, 5, 9, 9 }) histogram.Add(v);
        var sent = new Dictionary<string, IAccumulator>
        {
            ["lines"] = new LongCounter(12),
            ["ints"] = new IntCounter(-3),
            ["sum"] = new DoubleCounter(2.5),
            ["lengths"] = histogram,
            ["mean"] = Average(2, 4, 9),
        };
        var received = DeploymentMessages.FromMessage(DeploymentMessages.ToMessage(sent).ToList());
        Assert.NotNull(received);
        Assert.Equal(12L, received["lines"].LocalValue);
        Assert.Equal(-3, received["ints"].LocalValue);
        Assert.Equal(2.5, received["sum"].LocalValue);
        Assert.Equal(histogram.Counts, ((Histogram)received["lengths"]).Counts);
        // An average crosses by its parts, so merging two subtasks' averages weighs each by its count: (2+4+9+1)/4, not (5+1)/2.
        var mean = (AverageAccumulator)received["mean"];
        mean.Merge(Average(1));
        Assert.Equal((4.0, 4L), (mean.Average, mean.Count));

        Assert.Null(DeploymentMessages.FromMessage([new AccumulatorValue { Name = "x", LongCounter = 1 }, new AccumulatorValue { Name = "x", LongCounter = 2 }]));
        Assert.Null(DeploymentMessages.FromMessage([new AccumulatorValue { Name = "unset" }]));
        var negative = new AccumulatorValue { Name = "h", Histogram = new HistogramValue() };
        negative.Histogram.Counts[1] = -1;
        Assert.Null(DeploymentMessages.FromMessage([negative]));
        Assert.Null(DeploymentMessages.FromMessage([new AccumulatorValue { Name = "a", Average = new AverageValue { Sum = 1, Count = -1 } }]));
    }

    private static AverageAccumulator Average(params double[] values)
    {
        var a = new AverageAccumulator();
        foreach (var v in values) a.Add(v);
        return a;
    }

    [Fact]
    public void Metrics_with_negative_or_non_finite_values_are_refused()
    {
        Assert.NotNull(DeploymentMessages.FromMessage(new TaskMetrics { NumRecordsIn = 5, BusyTimeMsPerSecond = 100 }));
        Assert.Null(DeploymentMessages.FromMessage(new TaskMetrics { NumRecordsIn = -1 }));
        Assert.Null(DeploymentMessages.FromMessage(new TaskMetrics { BusyTimeMsPerSecond = double.NaN }));
    }
}
