using Brook.Streaming.State;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>A registered piece of keyed data (a state or a timer service) that writes and reads itself per key group.</summary>
internal interface ISnapshottableKeyedState
{
    string Name { get; }

    /// <summary>The kind code written into snapshots (<see cref="StateKind"/> values, or <see cref="KeyedStateSnapshotFormat.TimerServiceKind"/>).</summary>
    int KindCode { get; }

    bool HasDataIn(int keyGroup);

    void WriteKeyGroup(int keyGroup, ref MessagePackWriter writer);

    void ReadKeyGroup(int keyGroup, ReadOnlyMemory<byte> payload);
}
