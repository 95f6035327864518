namespace Brook.Runtime.Tests.Failover;

internal sealed class PoisonedRecordException(string message) : Exception(message);
