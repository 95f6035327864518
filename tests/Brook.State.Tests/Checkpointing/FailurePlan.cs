namespace Brook.State.Tests.Checkpointing;

/// <summary>How an injected failure happens.</summary>
public enum FailureKind
{
    /// <summary>The injecting map throws.</summary>
    FunctionException,

    /// <summary>A TaskExecutor running the job's tasks is stopped, as a lost TaskManager.</summary>
    TaskExecutorStop,
}

/// <summary>
/// Where a run fails: for each failure, the records the injecting map processes (replays included) after the previous
/// failure, and its kind. A seeded plan is deterministic, and its description names the seed so a failing run reproduces.
/// </summary>
public sealed record FailurePlan(IReadOnlyList<(long Spacing, FailureKind Kind)> Failures, string Description)
{
    /// <summary>Function exceptions only, the first at <paramref name="firstAt"/> records, then every <paramref name="spacing"/>.</summary>
    public static FailurePlan Evenly(long firstAt, long spacing, int failures) =>
        new([.. Enumerable.Range(0, failures).Select(i => (i == 0 ? firstAt : spacing, FailureKind.FunctionException))],
            $"{failures} function exceptions, the first at {firstAt} records, then every {spacing}");

    /// <summary>
    /// <paramref name="failures"/> failures at pseudo-random spacings in [<paramref name="minSpacing"/>, 2 × minSpacing),
    /// <paramref name="stops"/> of them (at pseudo-random places) TaskExecutor stops.
    /// </summary>
    public static FailurePlan Seeded(int seed, int failures, int stops, long minSpacing)
    {
        var random = new Random(seed);
        var stopAt = Enumerable.Range(0, failures).OrderBy(_ => random.Next()).Take(stops).ToHashSet();
        var plan = Enumerable.Range(0, failures)
            .Select(i => (minSpacing + random.NextInt64(minSpacing), stopAt.Contains(i) ? FailureKind.TaskExecutorStop : FailureKind.FunctionException))
            .ToList();
        return new(plan, $"seed {seed}: {failures} failures, {stops} TaskExecutor stops at [{string.Join(", ", stopAt.Order())}], spacings [{string.Join(", ", plan.Select(p => p.Item1))}]");
    }

    public int TaskExecutorStops => Failures.Count(f => f.Kind == FailureKind.TaskExecutorStop);

    public override string ToString() => Description;
}
