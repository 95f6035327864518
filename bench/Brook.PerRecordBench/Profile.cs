using Brook.Cluster.Diagnostics;

namespace Brook.PerRecordBench;

/// <summary>
/// Where a run's time goes: samples the process's managed stacks (the runtime's sample profiler, as the flame graphs do)
/// while the run goes on, and prints the methods that were on top of the stack (self time) and anywhere on it (inclusive).
/// </summary>
internal static class Profile
{
    public static void Run(string title, Action run, TimeSpan duration)
    {
        var sampler = new EventPipeStackSampler();
        var job = Task.Run(run);
        Thread.Sleep(500); // past the job's start-up, into its steady state
        var samples = sampler.SampleAsync(duration, _ => true, 64, CancellationToken.None).GetAwaiter().GetResult();
        job.GetAwaiter().GetResult();
        // Threads blocked or parked (waiting for buffers, idle pool workers) are not where the time goes.
        string[] idle = ["Wait", "PollGC", "WaitForSignal", "Sleep", "ReceiveMessage"];
        var running = samples.Values.SelectMany(s => s)
            .Where(s => !s.InNative && s.Frames.Count > 0 && !s.Frames.Any(f => idle.Any(f.MethodName.Contains)))
            .ToList();
        Console.WriteLine();
        Console.WriteLine($"Profile of {title}: {running.Count} samples running managed code");
        Print("self", running.GroupBy(s => s.Frames[0].QualifiedName), running.Count, 25);
        Print("inclusive", running.SelectMany(s => s.Frames.Select(f => f.QualifiedName).Distinct().Select(f => (Frame: f, Sample: s))).GroupBy(x => x.Frame), running.Count, 40);
    }

    private static void Print<T>(string kind, IEnumerable<IGrouping<string, T>> groups, int total, int top)
    {
        Console.WriteLine($"  {kind}:");
        foreach (var g in groups.OrderByDescending(g => g.Count()).Take(top))
            Console.WriteLine($"    {100.0 * g.Count() / total,5:F1} %  {g.Key}");
    }
}
