using System.Text.Json;

namespace Brook.Distributed.Tests;

/// <summary>What the tests of jobs on TaskManager processes read from REST answers and from the jobs' output files.</summary>
internal static class JobRuns
{
    public static string State(JsonElement job) => job.GetProperty("state").GetString()!;

    /// <summary>The lines of a FileSink's committed part files: visible names only (in-progress files are hidden).</summary>
    public static List<string> CommittedLines(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadLines).ToList()
            : [];

    /// <summary>Lines of the reference missing from the output, and lines the output has more often than the reference.</summary>
    public static (int Lost, int Duplicated) Compare(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var want = expected.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var have = actual.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var lost = want.Sum(kv => Math.Max(0, kv.Value - have.GetValueOrDefault(kv.Key)));
        var duplicated = have.Sum(kv => Math.Max(0, kv.Value - want.GetValueOrDefault(kv.Key)));
        return (lost, duplicated);
    }

    /// <summary>The next tick of a polling timer; false once the timeout's token fired.</summary>
    public static async Task<bool> Tick(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
