using System.Net;
using System.Net.Sockets;
using Brook.Core.Ids;
using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Runtime.Tasks;

namespace Brook.NetworkBench;

/// <summary>The three ways of moving the same records: two data planes over loopback, in process, and raw TCP.</summary>
internal static class Exchanges
{
    /// <summary>Two TaskManagers' data planes in this process, one channel per writer, all over one loopback connection.</summary>
    public static Measurement Network<T>(T[] values, long recordsPerWriter, int writers, NettyShuffleEnvironmentConfiguration configuration)
    {
        using var producer = new NettyShuffleEnvironment(configuration, IPAddress.Loopback);
        using var consumer = new NettyShuffleEnvironment(configuration, IPAddress.Loopback);
        var outputs = new IResultSubpartition<T>[writers];
        var inputs = new IInputChannel<T>[writers];
        for (var w = 0; w < writers; w++)
        {
            var partition = new ResultPartitionId(IntermediateDataSetId.Generate(), w, ExecutionAttemptId.Generate());
            outputs[w] = producer.CreateSubpartition<T>(partition, 0);
            var channel = consumer.CreateRemoteInputChannel<T>(producer.DataAddress, partition, 0, consumer.CreateFloatingBufferPool());
            channel.RequestSubpartitionAsync(consumer.ClientFactory).GetAwaiter().GetResult();
            inputs[w] = channel;
        }
        return Measurement.Run(recordsPerWriter * writers, () => Pipelines.Run(outputs, inputs, values, recordsPerWriter));
    }

    /// <summary>The in-process exchange: records passed by reference through bounded rings.</summary>
    public static Measurement InProcess<T>(T[] values, long recordsPerWriter, int writers, NettyShuffleEnvironmentConfiguration configuration)
    {
        var channels = Enumerable.Range(0, writers).Select(_ => new LocalInputChannel<T>(configuration.BuffersPerChannel, configuration.RecordsPerBuffer)).ToArray();
        return Measurement.Run(recordsPerWriter * writers, () => Pipelines.Run<T>(channels, channels, values, recordsPerWriter));
    }

    /// <summary>The physical limit: the same bytes over loopback TCP, 32 KiB writes, nothing else.</summary>
    public static Measurement RawTcp(long records, long bytesPerConnection, int connections)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var pairs = new List<(Socket Send, Socket Receive)>();
        for (var c = 0; c < connections; c++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.Connect(listener.LocalEndPoint!);
            pairs.Add((client, listener.Accept()));
        }
        try
        {
            return Measurement.Run(records, () =>
            {
                var threads = new List<Thread>();
                long received = 0;
                foreach (var (send, receive) in pairs)
                {
                    threads.Add(new Thread(() =>
                    {
                        var chunk = new byte[32 * 1024];
                        for (var left = bytesPerConnection; left > 0;)
                        {
                            var n = (int)Math.Min(chunk.Length, left);
                            send.Send(chunk, 0, n, SocketFlags.None);
                            left -= n;
                        }
                        send.Shutdown(SocketShutdown.Send);
                    }));
                    threads.Add(new Thread(() =>
                    {
                        var buffer = new byte[64 * 1024];
                        long total = 0;
                        int r;
                        while ((r = receive.Receive(buffer)) > 0) total += r;
                        Interlocked.Add(ref received, total);
                    }));
                }
                foreach (var t in threads) t.Start();
                foreach (var t in threads) t.Join();
                return received;
            });
        }
        finally
        {
            foreach (var (s, r) in pairs)
            {
                s.Dispose();
                r.Dispose();
            }
        }
    }
}
