using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A TaskManager process's connection to the ResourceManager (Flink's TaskExecutor with its ResourceManager leader
/// connection): it registers with backoff, then heartbeats on a stream, watching for the ResourceManager's answers. When
/// the ResourceManager stops answering for heartbeat.timeout, ends the stream, forgets the registration or cannot be
/// reached, it registers again. A registration that is refused (another protocol version) or that does not succeed within
/// taskmanager.registration.timeout is fatal: the process terminates, as Flink's TaskExecutor does.
/// </summary>
internal sealed class ResourceManagerConnection(
    ResourceManagerGateway.ResourceManagerGatewayClient client,
    Func<TaskExecutorRegistration> registration,
    RegistrationBackoff backoff,
    TimeSpan heartbeatInterval,
    TimeSpan heartbeatTimeout,
    TimeSpan registrationTimeout,
    string target,
    TimeProvider time,
    ILogger log)
{
    /// <summary>The registration id of the current registration; null while not registered.</summary>
    public string? RegistrationId { get; private set; }

    /// <summary>Raised with each new registration (its id), so tests and the log can follow re-registrations.</summary>
    public event Action<string>? Registered;

    /// <summary>
    /// Raised (with the reason) when the registration ended while the TaskManager runs on: the JobManager has dropped or will
    /// drop this TaskManager and fail its tasks there, so the tasks here must not run on.
    /// </summary>
    public event Action<string>? Lost;

    /// <summary>Runs until cancelled; throws <see cref="TaskManagerFatalException"/> when the TaskManager must terminate.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _stopping) == 0)
        {
            var (registrationId, resourceManagerId) = await RegisterAsync(cancellationToken);
            RegistrationId = registrationId;
            Registered?.Invoke(registrationId);
            var reason = await HeartbeatAsync(registrationId, resourceManagerId, cancellationToken);
            RegistrationId = null;
            if (cancellationToken.IsCancellationRequested || Volatile.Read(ref _stopping) != 0) return;
            log.LogWarning("Lost the connection to the ResourceManager at {Target}: {Reason} Registering again.", target, reason);
            Lost?.Invoke(reason);
        }
    }

    private int _stopping;

    /// <summary>
    /// Stops registering again and tells the ResourceManager this TaskManager is shutting down (best effort: it may be gone
    /// already), so the ResourceManager logs the reason rather than a lost connection.
    /// </summary>
    public async Task DisconnectAsync(string reason)
    {
        Volatile.Write(ref _stopping, 1);
        if (RegistrationId is not { } registrationId) return;
        try
        {
            await client.DisconnectTaskManagerAsync(new DisconnectTaskManagerRequest { ResourceId = registration().ResourceId, RegistrationId = registrationId, Reason = reason },
                deadline: DateTime.UtcNow + TimeSpan.FromSeconds(5));
        }
        catch (RpcException e)
        {
            log.LogInformation("Could not tell the ResourceManager that this TaskManager stops: {Status}", e.Status);
        }
    }

    private async Task<(string RegistrationId, string ResourceManagerId)> RegisterAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var timeout = backoff.InitialTimeout;
        for (var attempt = 1; ; attempt++)
        {
            if (time.GetElapsedTime(started) > registrationTimeout)
            {
                throw new TaskManagerFatalException(
                    $"Could not register at the ResourceManager within the specified maximum registration duration {registrationTimeout}. " +
                    "This indicates a problem with this instance. Terminating now.");
            }
            var message = registration();
            log.LogInformation("Registration at ResourceManager attempt {Attempt} (timeout={Timeout}ms)", attempt, (long)timeout.TotalMilliseconds);
            TimeSpan delay;
            try
            {
                var response = await client.RegisterTaskExecutorAsync(message, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
                switch (response.ResponseCase)
                {
                    case RegistrationResponse.ResponseOneofCase.Success:
                        log.LogInformation("Successful registration at resource manager {Target} under registration id {Id} (ResourceManager {RmId}).", target,
                            response.Success.RegistrationId, response.Success.ResourceManagerId);
                        return (response.Success.RegistrationId, response.Success.ResourceManagerId);
                    case RegistrationResponse.ResponseOneofCase.Rejection:
                        throw new TaskManagerFatalException($"The TaskExecutor's registration at the ResourceManager {target} has been rejected: {response.Rejection.Reason}");
                    default:
                        delay = backoff.RefusedDelay;
                        log.LogWarning("The ResourceManager at {Target} sent an answer this TaskManager does not understand; retrying in {Delay} ms.", target, (long)delay.TotalMilliseconds);
                        break;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                // The ResourceManager refused the call itself: it speaks another protocol version.
                throw new TaskManagerFatalException($"The TaskExecutor's registration at the ResourceManager {target} has been rejected: {e.Status.Detail}");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                delay = backoff.RefusedDelay;
                log.LogError("The ResourceManager at {Target} declined the registration: {Reason} Retrying in {Delay} ms.", target, e.Status.Detail, (long)delay.TotalMilliseconds);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested)
            {
                log.LogInformation("Registration at ResourceManager {Target} attempt {Attempt} timed out after {Timeout}ms", target, attempt, (long)timeout.TotalMilliseconds);
                timeout = backoff.NextTimeout(timeout);
                continue;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                delay = backoff.ErrorDelay;
                log.LogInformation("Could not register at ResourceManager {Target} ({Status}); retrying in {Delay} ms.", target, e.Status.Detail, (long)delay.TotalMilliseconds);
            }
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    /// <summary>Heartbeats until the registration ends; returns why it ended.</summary>
    private async Task<string> HeartbeatAsync(string registrationId, string resourceManagerId, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.Heartbeat(cancellationToken: stop.Token);
        var lastAnswer = time.GetTimestamp();
        var resourceId = registration().ResourceId;
        var answers = Task.Run(async () =>
        {
            try
            {
                while (await call.ResponseStream.MoveNext(stop.Token))
                {
                    if (!call.ResponseStream.Current.Known) return $"The ResourceManager no longer knows this TaskManager: {call.ResponseStream.Current.Reason}";
                    Interlocked.Exchange(ref lastAnswer, time.GetTimestamp());
                }
                return "The ResourceManager ended the heartbeat stream.";
            }
            catch (RpcException e)
            {
                return $"The heartbeat stream failed: {e.Status.StatusCode} {e.Status.Detail}";
            }
            catch (IOException e)
            {
                return $"The heartbeat stream failed: {e.Message}";
            }
            catch (OperationCanceledException)
            {
                return "Stopped.";
            }
        }, CancellationToken.None);
        var sender = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(heartbeatInterval, time);
            try
            {
                do
                {
                    if (time.GetElapsedTime(Interlocked.Read(ref lastAnswer)) > heartbeatTimeout)
                    {
                        return $"The heartbeat of ResourceManager with id {resourceManagerId} timed out.";
                    }
                    var heartbeat = new TaskExecutorHeartbeat { ResourceId = resourceId, RegistrationId = registrationId, SlotReport = registration().SlotReport };
                    await call.RequestStream.WriteAsync(heartbeat, stop.Token);
                } while (await timer.WaitForNextTickAsync(stop.Token));
                return "Stopped.";
            }
            catch (RpcException e)
            {
                return $"The heartbeat stream failed: {e.Status.StatusCode} {e.Status.Detail}";
            }
            catch (OperationCanceledException)
            {
                return "Stopped.";
            }
            catch (InvalidOperationException e)
            {
                // Writing to a stream the server already completed.
                return $"The heartbeat stream ended: {e.Message}";
            }
            catch (IOException e)
            {
                // A write racing the connection's loss (the JobManager process died) fails below gRPC, in HTTP/2.
                return $"The heartbeat stream failed: {e.Message}";
            }
        }, CancellationToken.None);
        var first = await Task.WhenAny(answers, sender);
        await stop.CancelAsync();
        var reason = await first;
        await Task.WhenAll(answers, sender);
        return reason;
    }
}
