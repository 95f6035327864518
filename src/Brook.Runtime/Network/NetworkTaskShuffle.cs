using System.Net;
using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network.Remote;
using Brook.Core.States;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.Network;

/// <summary>
/// The channels of one subtask attempt on one TaskManager, built from its <see cref="ShuffleDeploymentDescriptor"/>
/// (Flink's NettyShuffleEnvironment creating a task's ResultPartitions and SingleInputGates). A producer writes, per
/// consumer subtask, into an in-memory ring when the consumer runs on this TaskManager and into a
/// <see cref="PipelinedSubpartition{T}"/> registered under (result, producer subtask, this attempt) otherwise; a consumer
/// reads the same ring or a <see cref="RemoteInputChannel{T}"/> that requests the producer's subpartition over TCP.
/// Blocking edges are only served by <paramref name="inProcess"/>, the job's in-process exchange where the TaskManagers
/// share a process; between TaskManager processes they are refused.
/// </summary>
internal sealed class NetworkTaskShuffle(
    ShuffleDeploymentDescriptor descriptor,
    NettyShuffleEnvironment environment,
    ResourceId taskManager,
    ITaskShuffle? inProcess = null,
    TaskMetrics? metrics = null) : ITaskShuffle
{
    private readonly Lock _lock = new();
    private readonly List<ResultPartitionId> _producedPartitions = [];
    private readonly List<(ResultPartitionId Partition, int Subpartition)> _producedLocal = [];
    private readonly List<(ResultPartitionId Partition, int Subpartition)> _consumedLocal = [];
    private readonly List<IRemoteInputChannel> _remoteChannels = [];
    private readonly List<Action> _remoteClosers = [];
    private readonly List<FloatingBufferPool> _gatePools = [];
    private bool _ended;

    public ShuffleDeploymentDescriptor Descriptor => descriptor;

    public Partitions.ResourceManagerPartitionTracker? ClusterPartitions => inProcess?.ClusterPartitions;

    public IResultSubpartition<T>[] ProducerChannels<T>(JobEdge edge, int producer)
    {
        if (edge.IsBlocking) return InProcess(edge).ProducerChannels<T>(edge, producer);
        var output = descriptor.Outputs.FirstOrDefault(o => o.ResultId == edge.ResultId)
            ?? throw new InvalidOperationException($"The deployment of {descriptor.Attempt} describes no result partition for the edge {edge}.");
        var partition = new ResultPartitionId(edge.ResultId, producer, descriptor.Attempt);
        var channels = new IResultSubpartition<T>[output.ConsumerTaskManagers.Count];
        lock (_lock)
        {
            ThrowIfEnded();
            var remote = false;
            for (var c = 0; c < channels.Length; c++)
            {
                if (output.ConsumerTaskManagers[c] == taskManager)
                {
                    channels[c] = environment.LocalChannels.GetOrCreate<T>(partition, c, channels.Length);
                    _producedLocal.Add((partition, c));
                }
                else
                {
                    channels[c] = environment.CreateSubpartition<T>(partition, c);
                    remote = true;
                }
            }
            if (remote) _producedPartitions.Add(partition);
        }
        return channels;
    }

    public IInputChannel<T>[] ConsumerChannels<T>(JobEdge edge, int consumer)
    {
        if (edge.IsBlocking) return InProcess(edge).ConsumerChannels<T>(edge, consumer);
        var input = descriptor.Inputs.FirstOrDefault(i => i.ResultId == edge.ResultId)
            ?? throw new InvalidOperationException($"The deployment of {descriptor.Attempt} describes no input gate for the edge {edge}.");
        var channels = new IInputChannel<T>[input.Producers.Count];
        var requests = new List<RemoteInputChannel<T>>();
        lock (_lock)
        {
            ThrowIfEnded();
            FloatingBufferPool? gateBuffers = null;
            for (var p = 0; p < channels.Length; p++)
            {
                var location = input.Producers[p];
                var partition = new ResultPartitionId(edge.ResultId, p, location.ProducerAttempt);
                if (location.TaskManager == taskManager)
                {
                    channels[p] = environment.LocalChannels.GetOrCreate<T>(partition, consumer, edge.Target.Parallelism);
                    _consumedLocal.Add((partition, consumer));
                    continue;
                }
                if (gateBuffers is null)
                {
                    gateBuffers = environment.CreateFloatingBufferPool();
                    _gatePools.Add(gateBuffers);
                }
                var channel = environment.CreateRemoteInputChannel<T>(Resolve(location), partition, consumer, gateBuffers, metrics);
                channels[p] = channel;
                _remoteChannels.Add(channel);
                _remoteClosers.Add(channel.Close);
                requests.Add(channel);
            }
        }
        // Requested once the gate is complete; a failed request becomes the channel's error, thrown from the task's next poll.
        foreach (var r in requests) _ = r.RequestSubpartitionAsync(environment.ClientFactory);
        return channels;
    }

    /// <summary>
    /// The task ended (on its thread): its remote channels close, its in-memory inputs are forgotten, and its partitions are
    /// released unless it finished, in which case each subpartition is released once its consumer read it to the end.
    /// </summary>
    public void OnTaskEnded(ExecutionState? state)
    {
        List<Action> closers;
        lock (_lock)
        {
            if (_ended) return;
            _ended = true;
            closers = [.. _remoteClosers];
        }
        foreach (var close in closers) close();
        foreach (var pool in _gatePools) pool.ReleaseTo(environment.BufferPool);
        foreach (var (partition, subpartition) in _consumedLocal) environment.LocalChannels.Release(partition, subpartition);
        if (state == ExecutionState.FINISHED) return;
        foreach (var partition in _producedPartitions) environment.ReleasePartition(partition);
        foreach (var (partition, subpartition) in _producedLocal) environment.LocalChannels.Release(partition, subpartition);
    }

    /// <summary>The remote channels of the task's gates.</summary>
    public IReadOnlyList<IRemoteInputChannel> RemoteChannels
    {
        get
        {
            lock (_lock) return [.. _remoteChannels];
        }
    }

    private void ThrowIfEnded()
    {
        if (_ended) throw new InvalidOperationException($"The task of attempt {descriptor.Attempt} has ended; its channels are released.");
    }

    private ITaskShuffle InProcess(JobEdge edge) => inProcess is JobShuffle j && j.Serves(edge) ? j : throw new NotSupportedException(
        $"The blocking exchange {edge} would cross TaskManager processes; Brook exchanges blocking (batch) results only between TaskManagers of one process. " +
        "Run the job with execution.runtime-mode: STREAMING or on a single TaskManager.");

    private static IPEndPoint Resolve(PartitionLocation location)
    {
        if (IPAddress.TryParse(location.Host, out var address)) return new IPEndPoint(address, location.DataPort);
        var addresses = Dns.GetHostAddresses(location.Host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"The host '{location.Host}' of TaskManager {location.TaskManager} has no address.");
        return new IPEndPoint(chosen, location.DataPort);
    }
}
