using Brook.Streaming;

namespace Brook.TestJobs;

/// <summary>Reads its job's results back with ExecuteAndCollectAsync: only possible attached (`dotnet run`), so a
/// detached /jars/:jarid/run must answer 400 and submit nothing, while /plan shows the collect sink.</summary>
public static class CollectsResults
{
    public static async Task Main()
    {
        var env = StreamExecutionEnvironment.GetExecutionEnvironment();
        var doubled = await env.FromSequence(1, 10).Map(x => x * 2).ExecuteAndCollectAsync(10);
        Console.WriteLine(string.Join(",", doubled.Order()));
    }
}
