using Brook.Streaming.Functions;

namespace Brook.Cluster.Tests.Recovery;

/// <summary>Throws on one record in the first attempt only, so one restart gets past it.</summary>
internal sealed class PoisonedOnFirstAttemptMap(long poisoned) : RichMapFunction<long, long>
{
    public override long Map(long value) =>
        value == poisoned && RuntimeContext.AttemptNumber == 0 ? throw new InvalidDataException($"Record {value} is poisoned.") : value;
}
