using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Rpc;

/// <summary>
/// Sends one peer's calls one after another in the order they were made (Flink's RPC keeps the order of the messages
/// one actor sends another): a cancellation never overtakes the submission of its task, a final state never overtakes
/// the task's RUNNING. Callers never wait; a call that fails is handed to its own failure handler, and once the peer is
/// gone (<see cref="Complete"/>) calls are dropped.
/// </summary>
internal sealed class OrderedRpcQueue
{
    private readonly Channel<(string Name, Func<CancellationToken, Task> Call, Action<Exception>? OnFailure, Action? OnDropped)> _calls =
        Channel.CreateUnbounded<(string, Func<CancellationToken, Task>, Action<Exception>?, Action?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _log;
    private readonly string _peer;
    private readonly Task _loop;

    public OrderedRpcQueue(string peer, ILogger log)
    {
        _peer = peer;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How long one call may take before it counts as failed.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <param name="onDropped">Called instead when the call is never made (the peer is gone).</param>
    public void Post(string name, Func<CancellationToken, Task> call, Action<Exception>? onFailure = null, Action? onDropped = null)
    {
        if (_calls.Writer.TryWrite((name, call, onFailure, onDropped))) return;
        _log.LogDebug("Dropped {Call} to {Peer}: the connection is closed.", name, _peer);
        onDropped?.Invoke();
    }

    private async Task RunAsync()
    {
        await foreach (var (name, call, onFailure, onDropped) in _calls.Reader.ReadAllAsync())
        {
            if (_stop.IsCancellationRequested)
            {
                onDropped?.Invoke();
                continue;
            }
            try
            {
                await call(_stop.Token);
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or HttpRequestException)
            {
                if (_stop.IsCancellationRequested)
                {
                    onDropped?.Invoke();
                    continue;
                }
                _log.LogWarning("{Call} to {Peer} failed: {Message}", name, _peer, e.Message);
                try
                {
                    onFailure?.Invoke(e);
                }
                catch (Exception handlerFailure)
                {
                    _log.LogError(handlerFailure, "Handling the failure of {Call} to {Peer} failed.", name, _peer);
                }
            }
        }
    }

    /// <summary>Stops sending: calls still queued are dropped (the peer is gone).</summary>
    public async Task CompleteAsync()
    {
        _calls.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
    }

    /// <summary>Sends what is queued, then stops (a clean shutdown that still reports the final states).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _calls.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(timeout, TimeProvider.System);
        }
        catch (TimeoutException)
        {
            // The peer does not answer in time: the calls still queued are given up.
            await _stop.CancelAsync();
            await _loop;
        }
    }

    public void Complete()
    {
        _calls.Writer.TryComplete();
        _stop.Cancel();
    }
}
