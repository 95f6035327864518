using Brook.Streaming.Functions;

namespace Brook.Runtime.Tests.Failover;

/// <summary>Throws on one record in every attempt below <c>healthyFromAttempt</c>, so a restart can get past it.</summary>
internal sealed class PoisonedMap(long poisoned, int healthyFromAttempt = 1) : RichMapFunction<long, long>
{
    public override long Map(long value) =>
        value == poisoned && RuntimeContext.AttemptNumber < healthyFromAttempt
            ? throw new PoisonedRecordException($"Record {value} is poisoned (attempt {RuntimeContext.AttemptNumber}).")
            : value;
}
