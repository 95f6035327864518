using System.Globalization;
using Brook.TestJobs;

namespace Brook.NetworkBench;

/// <summary>
/// The mode "processes": the bench's job (2 sources → rebalance → 2 sinks; half the records cross TCP) across a real
/// JobManager process and two TaskManager processes of one slot each, against the same job on two TaskManagers in this
/// process (over TCP, and with the in-process exchange) and against raw loopback TCP moving the bytes that crossed. Rounds
/// are interleaved so the machine's load falls on each alike; the median round is shown.
/// </summary>
internal static class ProcessesMode
{
    private const string EntryClass = "Brook.TestJobs.NetworkThroughput";

    public static async Task RunAsync(long n8, long n100, int rounds)
    {
        Console.WriteLine($"Across processes: {n8:N0} 8-byte and {n100:N0} 100-byte records per job, {rounds} rounds (median shown), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"Load average before the run: {LoadAverage()}");
        using var cluster = await ProcessCluster.StartAsync(2);
        var jarId = await cluster.UploadAsync(Package("Brook.TestJobs.jar"));
        Console.WriteLine($"JobManager and TaskManager processes: {string.Join(", ", cluster.Pids)}");
        Console.WriteLine();
        Console.WriteLine("Job: generator (parallelism 2) → rebalance → counting sink (parallelism 2), one slot on each of 2 TaskManagers; half the records cross TCP");
        Console.WriteLine("records/s: 2 processes from the first source subtask RUNNING to the last sink subtask FINISHED (in brackets: the job's duration, deployment included);");
        Console.WriteLine("in one process from submission to the end. CPU: every process of the run; for 2 processes JobManager and both TaskManagers (/proc),");
        Console.WriteLine("from the poll (every 50 ms) that first saw every vertex RUNNING to the end, so without the deployment (the whole job's is on the detail line).");
        Console.WriteLine();
        Console.WriteLine("                                                     records/s       records/CPU-s   CPU ns/rec  TCP MB/s  ÷raw TCP  ÷1-process TCP  ÷in-process");
        await CompareAsync(cluster, jarId, "8-byte long", "long", NetworkThroughput.Longs(), n8, rounds);
        await CompareAsync(cluster, jarId, "100-byte string", "string", NetworkThroughput.Strings(), n100, rounds);
        Console.WriteLine();
        Console.WriteLine($"Load average after the run: {LoadAverage()}");
    }

    private static async Task CompareAsync<T>(ProcessCluster cluster, string jarId, string name, string kind, T[] values, long records, int rounds)
    {
        // Untimed warm-up of each, so the timed rounds run tiered-up code in every process.
        await cluster.RunAsync(jarId, EntryClass, 2, kind, (records / 10).ToString(CultureInfo.InvariantCulture));
        JobExchange.Throughput(true, values, records / 20);
        JobExchange.Throughput(false, values, records / 20);
        var processes = new List<ProcessJobRun>();
        var oneProcessTcp = new List<Measurement>();
        var inProcess = new List<Measurement>();
        for (var r = 0; r < rounds; r++)
        {
            var run = await cluster.RunAsync(jarId, EntryClass, 2, kind, records.ToString(CultureInfo.InvariantCulture));
            if (run.Records != records) throw new InvalidOperationException($"The sinks read {run.Records} of {records} records.");
            processes.Add(run);
            oneProcessTcp.Add(JobExchange.Throughput(true, values, records / 2));
            inProcess.Add(JobExchange.Throughput(false, values, records / 2));
        }
        var p = ProcessJobRun.Median(processes);
        var tcp = Measurement.Median(oneProcessTcp);
        var local = Measurement.Median(inProcess);
        // The bytes that crossed TCP between the processes, over raw loopback sockets by two writers, counted as the job's records.
        var raw = Measurement.Median(Enumerable.Range(0, rounds).Select(_ => Exchanges.RawTcp(p.Records, p.Bytes / 2, 2)));
        static string Ns(double recordsPerCpuSecond) => (1e9 / recordsPerCpuSecond).ToString("F1", CultureInfo.InvariantCulture);
        var rate = $"{p.RecordsPerSecond:N0} ({p.RecordsPerJobSecond:N0})";
        Console.WriteLine($"  {name + ": 2 TaskManager processes",-46} {rate,23} {p.RecordsPerCpuSecond,16:N0} {Ns(p.RecordsPerCpuSecond),12} {p.MegabytesPerSecond,9:N0} {p.RecordsPerSecond / raw.RecordsPerSecond,9:P0} {p.RecordsPerSecond / tcp.RecordsPerSecond,15:P0} {p.RecordsPerSecond / local.RecordsPerSecond,12:P0}");
        Console.WriteLine($"  {name + ": 2 TaskManagers in one process, TCP",-46} {tcp.RecordsPerSecond,23:N0} {tcp.RecordsPerCpuSecond,16:N0} {Ns(tcp.RecordsPerCpuSecond),12} {tcp.MegabytesPerSecond,9:N0}");
        Console.WriteLine($"  {name + ": 2 TaskManagers in one process, in memory",-46} {local.RecordsPerSecond,23:N0} {local.RecordsPerCpuSecond,16:N0} {Ns(local.RecordsPerCpuSecond),12}");
        Console.WriteLine($"  {name + ": raw loopback TCP, same bytes",-46} {raw.RecordsPerSecond,23:N0} {raw.RecordsPerCpuSecond,16:N0} {Ns(raw.RecordsPerCpuSecond),12} {raw.MegabytesPerSecond,9:N0}");
        Console.WriteLine($"    (2 processes, every round: {string.Join(", ", processes.Select(r => r.RecordsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} records/s; " +
            $"CPU of the median round while running: JobManager {p.RunningCpuSeconds[0]:F2} s, TaskManagers {string.Join(" s, ", p.RunningCpuSeconds.Skip(1).Select(c => c.ToString("F2", CultureInfo.InvariantCulture)))} s; " +
            $"{Ns(p.Records / p.JobCpuSeconds.Sum())} ns/rec over the whole job; " +
            $"running {p.RunningSeconds:F2} s of a job of {p.JobSeconds:F2} s)");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static string Package(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "packages", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"The job package {name} was not found in artifacts/packages above {AppContext.BaseDirectory}.");
    }
}
