using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Grpc.Core;

namespace Brook.Distributed.Tests;

/// <summary>A JobManager process and TaskManager processes: registration, REST views of each process, failures and bad peers.</summary>
public sealed class DistributedClusterTests(DistributedClusterFixture cluster) : IClassFixture<DistributedClusterFixture>
{
    [Fact]
    public async Task Both_taskmanagers_are_listed_with_their_own_address_slots_and_hardware()
    {
        var list = await cluster.GetAsync("/taskmanagers", "/taskmanagers");
        var tms = list.GetProperty("taskmanagers").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        foreach (var (_, id) in cluster.TaskManagers) Assert.Contains(id, tms.Keys);
        var (first, second) = (tms[cluster.TaskManagers[0].Id], tms[cluster.TaskManagers[1].Id]);
        Assert.NotEqual(first.GetProperty("path").GetString(), second.GetProperty("path").GetString());
        Assert.StartsWith("grpc://127.0.0.1:", first.GetProperty("path").GetString());
        Assert.Equal(2, first.GetProperty("slotsNumber").GetInt32());
        Assert.Equal(1, second.GetProperty("slotsNumber").GetInt32());
        Assert.Equal(2, first.GetProperty("freeSlots").GetInt32());
        foreach (var tm in new[] { first, second })
        {
            var hardware = tm.GetProperty("hardware");
            Assert.Equal(Environment.ProcessorCount, hardware.GetProperty("cpuCores").GetInt32());
            Assert.True(hardware.GetProperty("physicalMemory").GetInt64() > 0);
            Assert.True(hardware.GetProperty("freeMemory").GetInt64() > 0);
            // Each process's own data plane, on a port of its own.
            Assert.InRange(tm.GetProperty("dataPort").GetInt32(), 1, 65535);
        }
        Assert.NotEqual(first.GetProperty("dataPort").GetInt32(), second.GetProperty("dataPort").GetInt32());

        var details = await cluster.GetAsync($"/taskmanagers/{cluster.TaskManagers[0].Id}", "/taskmanagers/:taskmanagerid");
        // The heap figures come from the TaskManager process's own metrics, fetched over RPC.
        Assert.True(details.GetProperty("metrics").GetProperty("heapUsed").GetInt64() > 0);
        var overview = await cluster.GetAsync("/overview", "/overview");
        Assert.True(overview.GetProperty("taskmanagers").GetInt32() >= 2);
    }

    [Fact]
    public async Task Logs_stdout_metrics_and_thread_dump_come_from_the_taskmanager_process()
    {
        var (process, id) = cluster.TaskManagers[1];
        var logs = await cluster.GetAsync($"/taskmanagers/{id}/logs", "/taskmanagers/:taskmanagerid/logs");
        var names = logs.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToList();
        Assert.Contains($"taskmanager-{id}.log", names);
        Assert.Contains($"taskmanager-{id}.out", names);
        // Only this TaskManager's files, though the JobManager and the other TaskManager log into the same directory.
        Assert.All(names, n => Assert.Contains(id, n));

        var log = await cluster.Http.GetStringAsync($"/taskmanagers/{id}/log");
        Assert.Contains($"Starting TaskManager {id}", log);
        Assert.Contains($"process id {process.Pid}.", log);
        var byName = await cluster.Http.GetStringAsync($"/taskmanagers/{id}/logs/taskmanager-{id}.log");
        Assert.Contains($"process id {process.Pid}.", byName);
        using var stdout = await cluster.Http.GetAsync($"/taskmanagers/{id}/stdout");
        Assert.Equal(HttpStatusCode.OK, stdout.StatusCode);
        Assert.Contains($"Brook TaskManager {id} running", await stdout.Content.ReadAsStringAsync());
        // The JobManager's log lies in the same directory, but it is not this TaskManager's file.
        using var otherFile = await cluster.Http.GetAsync($"/taskmanagers/{id}/logs/jobmanager.log");
        Assert.Equal(HttpStatusCode.NotFound, otherFile.StatusCode);
        Assert.Contains("does not exist in the log directory", await otherFile.Content.ReadAsStringAsync());

        var dump = await cluster.GetAsync($"/taskmanagers/{id}/thread-dump", "/taskmanagers/:taskmanagerid/thread-dump");
        var threadIds = dump.GetProperty("threadInfos").EnumerateArray()
            .Select(t => long.Parse(t.GetProperty("stringifiedThreadInfo").GetString()!.Split(" Id=")[1].Split(' ')[0])).ToList();
        Assert.NotEmpty(threadIds);
        // Linux thread ids: the TaskManager's main thread has the process's id, and every thread is one of that process's.
        Assert.Contains((long)process.Pid, threadIds);
        // A thread that ended since the dump (the process's data plane and timers come and go) is in no process any more;
        // every other one is a thread of this process (/proc/<tid> of a live thread names its process as Tgid).
        Assert.All(threadIds, t =>
        {
            var group = ThreadGroupOf(t);
            Assert.True(group is null || group == process.Pid, $"Thread {t} belongs to process {group}.");
        });

        var metrics = await cluster.GetAsync($"/taskmanagers/{id}/metrics?get=Status.JVM.Threads.Count", "/taskmanagers/:taskmanagerid/metrics");
        var threads = long.Parse(metrics[0].GetProperty("value").GetString()!);
        Assert.True(threads > 0);
    }

    /// <summary>The process a Linux thread belongs to; null once the thread ended.</summary>
    private static int? ThreadGroupOf(long threadId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{threadId}/status").FirstOrDefault(l => l.StartsWith("Tgid:", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line["Tgid:".Length..].Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_taskmanager_that_stops_answering_or_is_killed_is_dropped_and_registers_again_when_it_comes_back()
    {
        var (process, id) = await cluster.StartTaskManagerAsync();
        Assert.Contains(id, await cluster.TaskManagerIdsAsync());

        var skip = cluster.JobManager.LineCount;
        process.Signal(BrookProcess.SigStop);
        try
        {
            // The connection stays open while the process is stopped: only the heartbeat timeout can notice.
            await cluster.JobManager.WaitForLineAsync(l => l.Contains($"The heartbeat of TaskManager with id {id} timed out.", StringComparison.Ordinal),
                DistributedClusterFixture.Patience, skip);
            Assert.DoesNotContain(id, await cluster.TaskManagerIdsAsync());
        }
        finally
        {
            process.Signal(BrookProcess.SigCont);
        }
        await cluster.WaitForRegistrationAsync(id, skip);
        Assert.Contains(id, await cluster.TaskManagerIdsAsync());

        // Killed, the process's connection breaks and the JobManager drops it at once (once its heartbeat stream is open).
        await cluster.WaitForHeartbeatAsync(id);
        skip = cluster.JobManager.LineCount;
        process.Signal(BrookProcess.SigKill);
        await cluster.JobManager.WaitForLineAsync(l => l.Contains($"Dropped TaskManager {id}: TaskManager with id {id} is no longer reachable.", StringComparison.Ordinal),
            DistributedClusterFixture.Patience, skip);
        Assert.DoesNotContain(id, await cluster.TaskManagerIdsAsync());

        // Started again under its id, it registers again.
        var (_, again) = await cluster.StartTaskManagerAsync(resourceId: id);
        Assert.Equal(id, again);
        Assert.Contains(id, await cluster.TaskManagerIdsAsync());
    }

    [Fact]
    public async Task A_peer_of_another_protocol_version_is_refused_with_a_clear_error()
    {
        using var channel = RpcChannels.Open("127.0.0.1", cluster.RpcPort);
        var skip = cluster.JobManager.LineCount;

        // Another version in the header: the call is refused before it reaches the ResourceManager.
        var client = new ResourceManagerGateway.ResourceManagerGatewayClient(channel);
        var headers = new Metadata { { RpcProtocol.VersionHeader, "999" } };
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterTaskExecutorAsync(Registration(999), headers));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("version 999", refused.Status.Detail);
        Assert.Contains($"this process speaks version {RpcProtocol.Version}", refused.Status.Detail);
        await cluster.JobManager.WaitForLineAsync(l => l.Contains("Brook RPC protocol version 999", StringComparison.Ordinal), DistributedClusterFixture.Patience, skip);

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterTaskExecutorAsync(Registration(RpcProtocol.Version)));
        Assert.Equal(StatusCode.FailedPrecondition, missing.StatusCode);

        // The right header but another version in the registration: a rejection naming both versions.
        var versioned = new ResourceManagerGateway.ResourceManagerGatewayClient(RpcChannels.Versioned(channel));
        var response = await versioned.RegisterTaskExecutorAsync(Registration(RpcProtocol.Version + 1));
        Assert.Equal(RegistrationResponse.ResponseOneofCase.Rejection, response.ResponseCase);
        Assert.Contains($"version {RpcProtocol.Version + 1}", response.Rejection.Reason);
        Assert.DoesNotContain(response.Rejection.Reason, await cluster.TaskManagerIdsAsync());
    }

    [Fact]
    public async Task Garbage_truncated_and_invalid_messages_do_not_harm_the_jobmanager()
    {
        // Bytes that are not HTTP/2 at all.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, cluster.RpcPort);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray());
            // The server answers with an HTTP/2 GOAWAY or just closes the connection.
            var buffer = new byte[1024];
            try
            {
                while (await stream.ReadAsync(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
        }

        // A gRPC frame that announces 1000 bytes and ends after 5, and a whole frame of bytes that are no protobuf message.
        using var http = new HttpClient();
        foreach (var body in new[] { new byte[] { 0, 0, 0, 3, 232, 1, 2, 3, 4, 5 }, new byte[] { 0, 0, 0, 0, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{cluster.RpcPort}/brook.rpc.v1.ResourceManagerGateway/RegisterTaskExecutor")
            {
                Content = new ByteArrayContent(body),
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Content.Headers.ContentType = new("application/grpc");
            request.Headers.TryAddWithoutValidation("te", "trailers");
            request.Headers.TryAddWithoutValidation(RpcProtocol.VersionHeader, RpcProtocol.Version.ToString());
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            var status = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First()
                : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : null;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(status);
            Assert.NotEqual("0", status);
        }

        // Well-formed messages with fields the ResourceManager must not trust.
        using var channel = RpcChannels.Open("127.0.0.1", cluster.RpcPort);
        var client = new ResourceManagerGateway.ResourceManagerGatewayClient(RpcChannels.Versioned(channel));
        foreach (var bad in new Func<TaskExecutorRegistration, TaskExecutorRegistration>[]
                 {
                     r => { r.ResourceId = "not-an-id"; return r; },
                     r => { r.NumberOfSlots = 0; return r; },
                     r => { r.NumberOfSlots = int.MaxValue; return r; },
                     r => { r.Host = new string('a', 10_000); return r; },
                     r => { r.Host = "evil/host?x"; return r; },
                     r => { r.RpcPort = 70000; return r; },
                     r => { r.Hardware = null; return r; },
                     r => { r.SlotReport.Slots.Add(new SlotStatus { SlotIndex = 0 }); return r; },
                 })
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterTaskExecutorAsync(bad(Registration(RpcProtocol.Version))));
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        }
        // A heartbeat stream that names nobody, and one with a malformed id.
        using (var stream = client.Heartbeat())
        {
            await stream.RequestStream.WriteAsync(new TaskExecutorHeartbeat { ResourceId = new string('a', 32), RegistrationId = "x" });
            Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
            Assert.False(stream.ResponseStream.Current.Known);
        }
        using (var stream = client.Heartbeat())
        {
            await stream.RequestStream.WriteAsync(new TaskExecutorHeartbeat { ResourceId = "zz" });
            var e = await Assert.ThrowsAsync<RpcException>(async () => await stream.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        }

        Assert.False(cluster.JobManager.HasExited);
        var ids = await cluster.TaskManagerIdsAsync();
        foreach (var (_, id) in cluster.TaskManagers) Assert.Contains(id, ids);
    }

    internal static TaskExecutorRegistration Registration(uint version)
    {
        var r = new TaskExecutorRegistration
        {
            ProtocolVersion = version,
            ResourceId = Guid.NewGuid().ToString("N"),
            Host = "127.0.0.1",
            RpcPort = 1,
            DataPort = -1,
            NumberOfSlots = 1,
            Hardware = new HardwareDescription { CpuCores = 1, PhysicalMemory = 1, FreeMemory = 1, ManagedMemory = 0 },
            Memory = new MemoryConfiguration(),
            SlotReport = new SlotReport(),
        };
        r.SlotReport.Slots.Add(new SlotStatus { SlotIndex = 0 });
        return r;
    }
}
