using Brook.Nexmark.Runner;

// The Nexmark suite on Brook: each query on an embedded cluster with exactly-once checkpoints, a warm-up run, then a
// measured run reporting events/s, cores used (from /proc) and events/s per core beside Flink 2.0's published figures.
// Usage: dotnet run -c Release --project bench/Brook.Nexmark -- --queries q0,q5 --events 50000000 --parallelism 2 [--json]
RunnerOptions options;
try
{
    options = RunnerOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var log = options.Json ? Console.Error : Console.Out;
log.WriteLine($"Brook Nexmark: {string.Join(",", options.Queries)}, {options.Events:N0} events (warm-up {options.WarmupEvents:N0}), " +
    $"parallelism {options.Parallelism}, checkpoints every {options.CheckpointInterval.TotalSeconds:F0} s, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (File.Exists("/proc/loadavg")) log.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Trim()}");
var results = await NexmarkRunner.RunAsync(options, log);
if (File.Exists("/proc/loadavg")) log.WriteLine($"Load average after the run: {File.ReadAllText("/proc/loadavg").Trim()}");
if (options.Json)
{
    Console.WriteLine(NexmarkRunner.ToJson(results));
}
else
{
    Console.WriteLine();
    Console.WriteLine(NexmarkRunner.Table(results));
}
return 0;
