using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Brook.Streaming.Execution;

namespace Brook.Streaming.Collect;

/// <summary>
/// The records a job's collect sink receives, read by the program (Flink's executeAndCollect iterator).
/// Enumerating submits the job; the enumeration ends when the job finishes and every record was read,
/// throws the job's <see cref="JobExecutionException"/> when it fails, and cancels the job (and waits for
/// it to end) when the reader stops early. Enumerable once, as the job runs once.
/// </summary>
internal sealed class CollectedStream<T> : IAsyncEnumerable<T>
{
    // Enough to keep the task threads busy while the program handles a record; past it, the sink waits.
    private const int Capacity = 4096;

    private readonly StreamExecutionEnvironment _environment;
    private readonly string _jobName;
    private readonly Channel<T> _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = false,
    });
    private readonly CancellationTokenSource _readerGone = new();
    private int _enumerated;

    public CollectedStream(DataStream<T> stream, string jobName)
    {
        _environment = stream.Environment;
        _jobName = jobName;
        stream.SinkTo(new CollectSink<T>(_channel.Writer, _readerGone.Token));
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            throw new InvalidOperationException("The collected results of a job can be enumerated only once: the job runs once.");
        return ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    private async IAsyncEnumerable<T> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_environment.IsDetached)
        {
            throw new InvalidOperationException(
                "ExecuteAndCollectAsync needs an attached client, but this program runs detached (submitted through " +
                "/jars/:jarid/run or `brook run`), where nothing reads the job's results. Write the results to a sink " +
                "instead, or run the program with `dotnet run`.");
        }
        var client = await _environment.ExecuteDetachedAsync(_jobName, cancellationToken).ConfigureAwait(false);
        var ended = CompleteWhenJobEndsAsync(client);
        var readToEnd = false;
        try
        {
            await foreach (var value in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return value;
            readToEnd = true;
        }
        finally
        {
            if (!readToEnd)
            {
                await _readerGone.CancelAsync().ConfigureAwait(false);
                await CancelQuietlyAsync(client).ConfigureAwait(false);
            }
            await ended.ConfigureAwait(false);
            _readerGone.Dispose();
        }
    }

    /// <summary>Ends the channel with the job: every record is in it by then (the sink writes synchronously).</summary>
    private async Task CompleteWhenJobEndsAsync(IJobClient client)
    {
        try
        {
            await client.GetJobExecutionResultAsync(CancellationToken.None).ConfigureAwait(false);
            _channel.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _channel.Writer.TryComplete(e);
        }
    }

    private static async Task CancelQuietlyAsync(IJobClient client)
    {
        try
        {
            await client.CancelAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The job may have ended on its own meanwhile; its end is awaited either way.
        }
    }
}
