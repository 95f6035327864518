namespace Brook.State.Tests.Checkpointing;

/// <summary>A failure the test injected on purpose.</summary>
internal sealed class InjectedFailureException(string message) : Exception(message);
