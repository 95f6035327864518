using Brook.Streaming;

// A word count. `dotnet run` runs it on an embedded cluster and waits for it; built, bin/BrookJob.jar is its job
// package, which a Brook cluster runs detached (POST /jars/upload, then /jars/:jarid/run; or `brook run`).
var configuration = new Configuration();
if (args.Length > 0 && int.TryParse(args[0], out var parallelism)) configuration.Set(CoreOptions.ParallelismDefault, parallelism);
var env = StreamExecutionEnvironment.GetExecutionEnvironment(configuration);

string[] lines = ["to be or not to be", "that is the question"];
env.FromCollection(lines)
    .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    .KeyBy(word => word)
    .Sum(_ => 1L)
    .Print();

var result = await env.ExecuteAsync("BrookJob");
Console.WriteLine(result.IsDetached ? $"Submitted job {result.JobId}." : $"Job {result.JobId} finished in {result.NetRuntime.TotalMilliseconds:F0} ms.");
