namespace Brook.Runtime.Diagnostics;

/// <summary>Records the managed stacks of this process's threads for a while (the cluster's EventPipe sampler).</summary>
public interface IStackSampler
{
    /// <summary>
    /// Records for <paramref name="duration"/> and returns each wanted thread's samples in time order (by OS thread id),
    /// frames cut to the <paramref name="maxDepth"/> innermost ones.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<StackSample>>> SampleAsync(TimeSpan duration, Func<long, bool> wanted, int maxDepth,
        CancellationToken cancellationToken);
}
