using Brook.Streaming.State;

namespace Brook.Streaming;

/// <summary>
/// A stream sent to every subtask of the operator it is connected to, together with the broadcast state
/// that operator keeps for it (Flink's BroadcastStream). Connect it to a stream to process it with a
/// broadcast process function.
/// </summary>
public sealed class BroadcastStream<T>
{
    internal BroadcastStream(DataStream<T> broadcastedInput, IReadOnlyList<MapStateDescriptor> descriptors)
    {
        BroadcastedInput = broadcastedInput;
        Descriptors = descriptors;
    }

    /// <summary>The input, already partitioned with the BROADCAST partitioner.</summary>
    internal DataStream<T> BroadcastedInput { get; }

    /// <summary>The broadcast states the connected operator may use.</summary>
    public IReadOnlyList<MapStateDescriptor> Descriptors { get; }
}
