using System.CommandLine;
using Brook.Client;

namespace Brook.Cli;

/// <summary>The --jobmanager host:port option of the client commands and the REST client it leads to.</summary>
internal static class JobManagerAddress
{
    public const string Default = "localhost:8081";

    public static Option<string> CreateOption() => new("--jobmanager", "-m")
    {
        Description = $"The JobManager's REST address as host:port (default {Default}).",
        DefaultValueFactory = _ => Default,
    };

    public static Uri ToUri(string address) =>
        address.Contains("://", StringComparison.Ordinal) ? new Uri(address) : new Uri("http://" + address);

    public static BrookRestClient Client(string address, out HttpClient http)
    {
        http = new HttpClient { BaseAddress = ToUri(address), Timeout = TimeSpan.FromMinutes(2) };
        return new BrookRestClient(http);
    }

    /// <summary>Runs a client action, turning REST and connection failures into a message and exit code 1.</summary>
    public static async Task<int> RunAsync(string address, Func<BrookRestClient, Task> action)
    {
        var client = Client(address, out var http);
        using (http)
        {
            try
            {
                await action(client);
                return 0;
            }
            catch (BrookRestException e)
            {
                await Console.Error.WriteLineAsync($"The JobManager at {address} answered {e.Status}:");
                foreach (var error in e.Errors) await Console.Error.WriteLineAsync(error);
                return 1;
            }
            catch (HttpRequestException e)
            {
                await Console.Error.WriteLineAsync($"Could not reach the JobManager at {address}: {e.Message}");
                return 1;
            }
        }
    }
}
