using Brook.Streaming.Functions;

namespace Brook.Cluster.Tests.Checkpoints;

/// <summary>Passes records through until the test arms the switch; then one first-attempt subtask fails once.</summary>
internal sealed class FailWhenArmedMap(FailureSwitch failure) : RichMapFunction<long, long>
{
    public override long Map(long value) =>
        RuntimeContext.AttemptNumber == 0 && failure.TryFire() ? throw new InvalidDataException("Failure injected by the test.") : value;
}
