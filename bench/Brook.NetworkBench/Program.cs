using System.Globalization;
using Brook.Core.Configuration;
using Brook.NetworkBench;
using Brook.Runtime.Network.Remote;
using HdrHistogram;

// The data plane between TaskManagers (issue 13, item 4), in one run: records per second across two data planes over
// loopback for 8-byte and 100-byte records, against raw loopback TCP moving the same bytes (the physical limit) and the
// in-process exchange; serialization ns/record; end-to-end latency with buffer timeout 0 and 100 ms.
// Usage: dotnet run -c Release --project bench/Brook.NetworkBench -- [8-byte records per writer] [100-byte records per writer] [rounds] [writer counts, e.g. 1,2]
// or, across a JobManager and two TaskManager processes: ... -- processes [8-byte records per job] [100-byte records per job] [rounds]
if (args.Length > 0 && args[0] == "processes")
{
    await ProcessesMode.RunAsync(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000L,
        args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 2_000_000L, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
    return;
}
var n8 = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 20_000_000L;
var n100 = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 4_000_000L;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var writerCounts = (args.Length > 3 ? args[3] : "1,2").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var config = NettyShuffleEnvironmentConfiguration.From(new Configuration());
Console.WriteLine($"Network data plane: {n8:N0} 8-byte and {n100:N0} 100-byte records per writer, {rounds} rounds (median shown), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"segment {config.SegmentSize} B, buffers-per-channel {config.BuffersPerChannel}, floating-buffers-per-gate {config.FloatingBuffersPerGate}, max-buffers-per-channel {config.MaxBuffersPerChannel}, records-per-buffer {config.RecordsPerBuffer}");
if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Trim()}");

var longs = Enumerable.Range(0, 1024).Select(i => (long)i * 7919).ToArray();
// A 100-byte record: a 96-character ASCII string serializes to its 4-byte length and 96 bytes.
var strings = Enumerable.Range(0, 1024).Select(i => i.ToString("D8", CultureInfo.InvariantCulture) + new string((char)('a' + i % 26), 88)).ToArray();
var tuples = Enumerable.Range(0, 1024).Select(i => ("word" + i, (long)i)).ToArray();
var bids = Enumerable.Range(0, 1024).Select(i => new Bid(i, i * 3, i * 100, "channel-" + (i % 10), 1_700_000_000_000 + i)).ToArray();

Console.WriteLine();
Console.WriteLine("Serialization (one thread, no transport, CPU time)  serialize ns/rec   deserialize ns/rec   bytes/rec on the wire");
void Ser<T>(string name, T[] values, long n)
{
    var (s, d, b) = SerializationCost.Measure(values, n, config.SegmentSize);
    Console.WriteLine($"  {name,-49} {s,12:F1} {d,20:F1} {b,20:F1}");
}
Ser("long (8 B)", longs, n8);
Ser("string, 96 ASCII chars (100 B)", strings, n100);
Ser("(string, long) tuple", tuples, n100);
Ser("Bid record (MessagePack)", bids, n100);

Console.WriteLine();
Console.WriteLine("Throughput                                   records/s    records/CPU-s        MB/s   network÷raw TCP   network÷in-process");
foreach (var writers in writerCounts)
{
    Compare("8-byte long", longs, n8, writers);
    Compare("100-byte string", strings, n100, writers);
}

void Compare<T>(string name, T[] values, long n, int writers)
{
    // Untimed warm-up of each exchange, so the timed rounds run tiered-up code.
    Exchanges.Network(values, n / 10, writers, config);
    Exchanges.InProcess(values, n / 10, writers, config);
    var network = Measurement.Median(Enumerable.Range(0, rounds).Select(_ => Exchanges.Network(values, n, writers, config)));
    var inProcess = Measurement.Median(Enumerable.Range(0, rounds).Select(_ => Exchanges.InProcess(values, n, writers, config)));
    var raw = Measurement.Median(Enumerable.Range(0, rounds).Select(_ => Exchanges.RawTcp(n * writers, network.Bytes / writers, writers)));
    var label = $"{name}, {writers} writer{(writers > 1 ? "s" : "")}";
    Console.WriteLine($"  {label + ": network",-42} {network.RecordsPerSecond,12:N0} {network.RecordsPerCpuSecond,16:N0} {network.MegabytesPerSecond,11:N0} {network.RecordsPerSecond / raw.RecordsPerSecond,17:P0} {network.RecordsPerSecond / inProcess.RecordsPerSecond,20:P0}");
    Console.WriteLine($"  {label + ": raw loopback TCP, same bytes",-42} {raw.RecordsPerSecond,12:N0} {raw.RecordsPerCpuSecond,16:N0} {raw.MegabytesPerSecond,11:N0}");
    Console.WriteLine($"  {label + ": in-process exchange",-42} {inProcess.RecordsPerSecond,12:N0} {inProcess.RecordsPerCpuSecond,16:N0}");
}

Console.WriteLine();
Console.WriteLine("Brook job: 2 sources → rebalance → 2 sinks, one slot on each of 2 TaskManagers (half the records cross TCP)");
Console.WriteLine("                                             records/s    records/CPU-s    TCP MB/s   TCP job÷raw TCP  TCP job÷in-process job");
JobCompare("8-byte long", longs, n8 / 2);
JobCompare("100-byte string", strings, n100 / 2);

void JobCompare<T>(string name, T[] values, long recordsPerSource)
{
    JobExchange.Throughput(true, values, recordsPerSource / 10);
    JobExchange.Throughput(false, values, recordsPerSource / 10);
    var tcp = Measurement.Median(Enumerable.Range(0, rounds).Select(_ => JobExchange.Throughput(true, values, recordsPerSource)));
    var inProcess = Measurement.Median(Enumerable.Range(0, rounds).Select(_ => JobExchange.Throughput(false, values, recordsPerSource)));
    // The bytes that crossed TCP in the job, over raw loopback sockets by two writers, counted as the job's records.
    var raw = Measurement.Median(Enumerable.Range(0, rounds).Select(_ => Exchanges.RawTcp(tcp.Records, tcp.Bytes / 2, 2)));
    Console.WriteLine($"  {name + ": job over TCP",-42} {tcp.RecordsPerSecond,12:N0} {tcp.RecordsPerCpuSecond,16:N0} {tcp.MegabytesPerSecond,11:N0} {tcp.RecordsPerSecond / raw.RecordsPerSecond,17:P0} {tcp.RecordsPerSecond / inProcess.RecordsPerSecond,23:P0}");
    Console.WriteLine($"  {name + ": raw loopback TCP, same bytes",-42} {raw.RecordsPerSecond,12:N0} {raw.RecordsPerCpuSecond,16:N0} {raw.MegabytesPerSecond,11:N0}");
    Console.WriteLine($"  {name + ": job in process",-42} {inProcess.RecordsPerSecond,12:N0} {inProcess.RecordsPerCpuSecond,16:N0}");
}

Console.WriteLine();
const int Rate = 20_000;
var duration = TimeSpan.FromSeconds(3);
Console.WriteLine($"End-to-end latency, one channel at {Rate:N0} records/s for {duration.TotalSeconds:F0} s (ms)   p50      p99    p99.9      max");
foreach (var timeout in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(100) })
{
    foreach (var network in new[] { true, false })
    {
        var h = LatencyRun.Measure(network, timeout, Rate, duration, config);
        static string Ms(LongHistogram h, double p) => (h.GetValueAtPercentile(p) / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        Console.WriteLine($"  buffer timeout {timeout.TotalMilliseconds,3} ms, {(network ? "network" : "in-process"),-10}                          {Ms(h, 50),8} {Ms(h, 99),8} {Ms(h, 99.9),8} {h.GetMaxValue() / 1000.0,8:F3}");
    }
}

Console.WriteLine();
Console.WriteLine($"End-to-end latency in a Brook job (source on TaskManager 1 at {Rate:N0} records/s for {duration.TotalSeconds:F0} s → rebalance → sinks on both) (ms)   p50      p99    p99.9      max");
foreach (var timeout in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(100) })
{
    foreach (var tcp in new[] { true, false })
    {
        var (remote, local) = JobExchange.Latency(tcp, timeout, Rate, duration);
        static string Ms(LongHistogram h, double p) => (h.GetValueAtPercentile(p) / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        var other = tcp ? "other TaskManager over TCP" : "other TaskManager in process";
        Console.WriteLine($"  buffer timeout {timeout.TotalMilliseconds,3} ms, sink on the {other,-30}                 {Ms(remote, 50),8} {Ms(remote, 99),8} {Ms(remote, 99.9),8} {remote.GetMaxValue() / 1000.0,8:F3}");
        if (tcp) Console.WriteLine($"  buffer timeout {timeout.TotalMilliseconds,3} ms, sink beside the source (in memory)                             {Ms(local, 50),8} {Ms(local, 99),8} {Ms(local, 99.9),8} {local.GetMaxValue() / 1000.0,8:F3}");
    }
}
