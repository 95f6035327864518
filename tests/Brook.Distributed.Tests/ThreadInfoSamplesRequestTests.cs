using Brook.Cluster.Rpc.Protocol;
using Brook.Cluster.TaskManager;
using Grpc.Core;

namespace Brook.Distributed.Tests;

/// <summary>A TaskManager process refuses a malformed or unbounded flame graph sampling request before it samples anything.</summary>
public sealed class ThreadInfoSamplesRequestTests
{
    private static TaskThreadSamplesRequest Valid(params string[] attempts)
    {
        var m = new TaskThreadSamplesRequest { ResourceId = new string('a', 32), NumSamples = 100, DelayBetweenSamplesMs = 50, MaxStackTraceDepth = 100 };
        m.AttemptIds.AddRange(attempts);
        return m;
    }

    [Fact]
    public void A_well_formed_request_is_read_with_its_attempts_normalised()
    {
        var (attempts, request) = TaskExecutorRpcService.ReadSamplesRequest(Valid(new string('B', 32)));
        Assert.Equal(new string('b', 32), Assert.Single(attempts).Hex);
        Assert.Equal((100, TimeSpan.FromMilliseconds(50), 100), (request.NumSamples, request.DelayBetweenSamples, request.MaxStackTraceDepth));
    }

    [Theory]
    [InlineData("attempt", "is not 32 hexadecimal characters")]
    [InlineData("samples0", "is not between 1 and 10000")]
    [InlineData("samples", "is not between 1 and 10000")]
    [InlineData("delay", "the delay must be at least 0")]
    [InlineData("long", "the sampling at most")]
    [InlineData("depth", "is not between 1 and 1024")]
    [InlineData("many", "at most 10000")]
    public void A_hostile_request_is_refused_as_an_invalid_argument(string fault, string expected)
    {
        var m = Valid(new string('c', 32));
        switch (fault)
        {
            case "attempt": m.AttemptIds.Add("../../etc/passwd"); break;
            case "samples0": m.NumSamples = 0; break;
            case "samples": m.NumSamples = int.MaxValue; break;
            case "delay": m.DelayBetweenSamplesMs = -1; break;
            case "long": m.DelayBetweenSamplesMs = long.MaxValue; break;
            case "depth": m.MaxStackTraceDepth = 0; break;
            default: m.AttemptIds.AddRange(Enumerable.Repeat(new string('d', 32), 10_001)); break;
        }
        var e = Assert.Throws<RpcException>(() => TaskExecutorRpcService.ReadSamplesRequest(m));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(expected, e.Status.Detail);
    }
}
