using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Cluster.TaskManager;
using Brook.Core.Ids;
using Brook.Runtime.Metrics;
using Brook.Runtime.ResourceManager;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Distributed.Tests;

/// <summary>The pure parts of the control RPC: version check, registration validation, backoff, metric filtering, scheduling.</summary>
public sealed class RpcProtocolTests
{
    [Fact]
    public void Only_the_same_protocol_version_is_accepted()
    {
        Assert.Null(RpcProtocol.Check(RpcProtocol.Version, "TaskExecutor"));
        var other = RpcProtocol.Check(RpcProtocol.Version + 1, "TaskExecutor x");
        Assert.Equal($"The TaskExecutor x speaks Brook RPC protocol version {RpcProtocol.Version + 1}, but this process speaks version {RpcProtocol.Version}: " +
                     "JobManager and TaskManagers must run the same Brook release.", other);
        Assert.Contains("did not send a Brook RPC protocol version", RpcProtocol.Check(null, "caller"));
        Assert.Null(RpcProtocol.ParseHeader("1x"));
        Assert.Null(RpcProtocol.ParseHeader("-1"));
        Assert.Equal(7u, RpcProtocol.ParseHeader("7"));
    }

    [Fact]
    public void A_valid_registration_becomes_a_taskmanager_whose_slots_jobs_are_scheduled_on()
    {
        var message = DistributedClusterTests.Registration(RpcProtocol.Version);
        message.NumberOfSlots = 2;
        message.SlotReport.Slots.Add(new SlotStatus { SlotIndex = 1 });
        var (accepted, error) = TaskExecutorRegistrations.Validate(message);
        Assert.Null(error);
        Assert.Equal($"grpc://127.0.0.1:1/taskmanager", accepted!.Registration.Address);
        Assert.True(accepted.Registration.CanDeployTasks);

        using var rm = new ResourceManager(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(50), new FakeTimeProvider());
        rm.Register(accepted.Registration);
        Assert.Single(rm.Snapshot());
        Assert.Equal((2, 2), rm.SlotCounts());
        Assert.NotNull(rm.TryAllocate(JobId.Generate(), 1));
        Assert.Equal(1, rm.Snapshot()[0].FreeSlots);
    }

    [Theory]
    [InlineData("slots", "offers 0 slots")]
    [InlineData("host", "is not a host name")]
    [InlineData("dataPort", "data port 0")]
    [InlineData("report", "does not list its 1 slots")]
    [InlineData("job", "malformed job id")]
    [InlineData("memory", "negative memory")]
    public void A_registration_with_fields_that_cannot_be_trusted_is_refused_naming_the_field(string field, string expected)
    {
        var m = DistributedClusterTests.Registration(RpcProtocol.Version);
        switch (field)
        {
            case "slots": m.NumberOfSlots = 0; break;
            case "host": m.Host = "a b"; break;
            case "dataPort": m.DataPort = 0; break;
            case "report": m.SlotReport.Slots.Clear(); break;
            case "job": m.SlotReport.Slots[0].JobId = "nope"; break;
            case "memory": m.Memory.TaskHeap = -1; break;
        }
        var (accepted, error) = TaskExecutorRegistrations.Validate(m);
        Assert.Null(accepted);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Registration_timeouts_double_up_to_the_maximum()
    {
        var backoff = new RegistrationBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        var timeouts = new List<TimeSpan> { backoff.InitialTimeout };
        for (var i = 0; i < 4; i++) timeouts.Add(backoff.NextTimeout(timeouts[^1]));
        Assert.Equal(new[] { 100, 200, 400, 500, 500 }, timeouts.Select(t => (int)t.TotalMilliseconds));
    }

    [Fact]
    public void A_taskmanager_can_only_send_metrics_of_its_own_scope()
    {
        var tm = new string('a', 32);
        var own = RpcConversions.ToMessage(new MetricDump(new QueryScopeInfo(QueryScopeCategory.TaskManager, "", tm), "Status.JVM.Threads.Count", MetricKind.Gauge, "12"));
        Assert.Equal("12", RpcConversions.FromMessage(own, tm)!.Value);
        Assert.Null(RpcConversions.FromMessage(own, new string('b', 32)));
        var jobManager = RpcConversions.ToMessage(new MetricDump(new QueryScopeInfo(QueryScopeCategory.JobManager, ""), "numRunningJobs", MetricKind.Gauge, "1"));
        Assert.Null(RpcConversions.FromMessage(jobManager, tm));
        own.Kind = 42;
        Assert.Null(RpcConversions.FromMessage(own, tm));
    }
}
