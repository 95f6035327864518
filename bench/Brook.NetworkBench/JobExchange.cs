using System.Diagnostics;
using Brook.Core.Configuration;
using Brook.Runtime.JobGraph;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using HdrHistogram;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.NetworkBench;

/// <summary>
/// Real Brook jobs on a MiniCluster of two TaskManagers with one slot each: source → rebalance → sink, the subtasks of
/// each vertex spread over both TaskManagers, exchanging over TCP (minicluster.network.tcp-exchange) or in process.
/// With rebalance, every producer sends half its records to the consumer on its own TaskManager (in memory) and half
/// over TCP to the other.
/// </summary>
internal static class JobExchange
{
    private static Configuration Cluster(bool tcp, TimeSpan bufferTimeout) => new Configuration()
        .Set(NettyShuffleEnvironmentOptions.MiniClusterTcpExchange, tcp)
        .Set(CoreOptions.LocalNumberOfTaskManagers, 2)
        .Set(CoreOptions.NumberOfTaskSlots, 1)
        .Set(CoreOptions.BufferTimeout, bufferTimeout);

    /// <summary>Runs n records per source subtask (two sources) through the job; the bytes are what crossed TCP (0 in process).</summary>
    public static Measurement Throughput<T>(bool tcp, T[] values, long recordsPerSource)
    {
        var conf = Cluster(tcp, TimeSpan.FromMilliseconds(100));
        var cluster = new MC(conf);
        try
        {
            var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
            var mask = values.Length - 1;
            var sink = new CountingSink<T>();
            env.FromSource(new DataGeneratorSource<T>(i => values[i & mask], recordsPerSource * 2), "Generator").Rebalance().SinkTo(sink);
            var graph = JobGraph.FromStreamGraph(env.GetStreamGraph("throughput"));
            return Measurement.Run(recordsPerSource * 2, () =>
            {
                var job = cluster.SubmitJob(graph);
                job.ResultTask.GetAwaiter().GetResult();
                if (sink.Count != recordsPerSource * 2) throw new InvalidOperationException($"The sink counted {sink.Count} of {recordsPerSource * 2} records.");
                return job.Snapshot().Vertices[0].Subtasks.Sum(s => s.CurrentExecution.Metrics.NumBytesOut);
            });
        }
        finally
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// One source subtask (on the first TaskManager) at a steady rate, each record its emission time; the sink subtask on
    /// the other TaskManager receives over TCP (or in process), the one beside the source in memory.
    /// </summary>
    public static (LongHistogram Remote, LongHistogram Local) Latency(bool tcp, TimeSpan bufferTimeout, int recordsPerSecond, TimeSpan duration)
    {
        var conf = Cluster(tcp, bufferTimeout);
        var cluster = new MC(conf);
        try
        {
            var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
            var sink = new LatencySink();
            var count = (long)(recordsPerSecond * duration.TotalSeconds);
            env.FromSource(new DataGeneratorSource<long>(_ => Stopwatch.GetTimestamp(), count, recordsPerSecond), "Clock", 1).Rebalance().SinkTo(sink);
            cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("latency"))).ResultTask.GetAwaiter().GetResult();
            return (sink.Histograms[1], sink.Histograms[0]);
        }
        finally
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class CountingSink<T> : ISink<T>
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public string Name => "Counting";

        public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(this);

        private sealed class Writer(CountingSink<T> sink) : ISinkWriter<T>
        {
            private long _n;

            public void Write(T value, SinkRecordContext context) => _n++;

            public void Flush(bool endOfInput)
            {
                if (endOfInput) Interlocked.Add(ref sink._count, Interlocked.Exchange(ref _n, 0));
            }

            public void Dispose()
            {
            }
        }
    }

    /// <summary>Per sink subtask, the time from a record's emission at the source to its arrival here, in microseconds.</summary>
    private sealed class LatencySink : ISink<long>
    {
        public LongHistogram[] Histograms { get; } = [new(1, 60_000_000, 3), new(1, 60_000_000, 3)];

        public string Name => "Latency";

        public ISinkWriter<long> CreateWriter(ISinkWriterContext context) => new Writer(Histograms[context.SubtaskIndex]);

        private sealed class Writer(LongHistogram histogram) : ISinkWriter<long>
        {
            public void Write(long emitted, SinkRecordContext context) =>
                histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(emitted).TotalMicroseconds));

            public void Flush(bool endOfInput)
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
