using Brook.Streaming;

// An unbounded streaming job: a generator emits page views at a fixed rate, the job keeps a rolling
// count per page and prints every update. Under `dotnet run` it runs until Ctrl+C, which cancels the job
// (an optional first argument stops it after that many seconds). Submitted to a cluster (`brook run`,
// /jars/:jarid/run, Flink's dashboard) the program returns once the job is submitted, and the job runs
// until it is cancelled or stopped with a savepoint:
//   brook stop --savepointPath /tmp/savepoints <jobid>        (prints "Savepoint completed. Path: file:/...")
//   brook run -s /tmp/savepoints/savepoint-... RollingCount.jar   (the counts go on from the savepoint)
// The operators carry uids, so their state maps to the same operators even after the program changes.
var env = StreamExecutionEnvironment.GetExecutionEnvironment().SetParallelism(2);
string[] pages = ["/home", "/search", "/cart", "/checkout", "/help"];

env.FromGenerator(i => (Page: pages[(int)(i % pages.Length)], User: i % 13), recordsPerSecond: 20)
    .Name("Page views").Uid("page-views")
    .KeyBy(view => view.Page)
    .Sum(_ => 1L)
    .Name("Rolling count").Uid("rolling-count")
    .Print();

var job = await env.ExecuteDetachedAsync("RollingCount");
if (env.IsDetached)
{
    Console.WriteLine($"Submitted job {job.JobId}.");
    return;
}
Console.WriteLine($"Submitted job {job.JobId}; press Ctrl+C to cancel.");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
if (args.Length > 0 && int.TryParse(args[0], out var seconds)) stop.CancelAfter(TimeSpan.FromSeconds(seconds));

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    await job.CancelAsync();
}

try
{
    await job.GetJobExecutionResultAsync();
}
catch (Brook.Streaming.Execution.JobExecutionException e) when (e.Status == Brook.Core.States.JobStatus.CANCELED)
{
    Console.WriteLine($"Job {job.JobId} was cancelled.");
}
