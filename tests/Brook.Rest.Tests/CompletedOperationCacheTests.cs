using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Rest.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Rest.Tests;

public sealed class CompletedOperationCacheTests
{
    private static readonly JobId Job = JobId.Generate();

    private readonly FakeTimeProvider _time = new();

    private CompletedOperationCache<AsynchronousJobOperationKey, string> Cache(TimeSpan storeDuration) => new(storeDuration, _time);

    private static AsynchronousJobOperationKey Key() => new(TriggerId.Generate(), Job);

    [Fact]
    public void An_operation_is_in_progress_until_it_completes_then_completed_with_its_result()
    {
        var cache = Cache(TimeSpan.FromMinutes(5));
        var key = Key();
        var operation = new TaskCompletionSource<string>();
        Assert.True(cache.TryRegister(key, () => operation.Task));
        Assert.Equal(OperationResultStatus.InProgress, cache.Get(key)!.Status);

        operation.SetResult("file:///savepoints/1");
        var result = cache.Get(key)!;
        Assert.Equal(OperationResultStatus.Success, result.Status);
        Assert.Equal("file:///savepoints/1", result.Value);
    }

    [Fact]
    public void Registration_is_idempotent_per_key()
    {
        var cache = Cache(TimeSpan.FromMinutes(5));
        var key = Key();
        var starts = 0;
        Assert.True(cache.TryRegister(key, () => Task.FromResult($"run {++starts}")));
        Assert.False(cache.TryRegister(key, () => Task.FromResult($"run {++starts}")));
        Assert.Equal(1, starts);
        Assert.Equal("run 1", cache.Get(key)!.Value);
        Assert.True(cache.TryRegister(key with { JobId = JobId.Generate() }, () => Task.FromResult("other job")));
    }

    [Fact]
    public void A_failed_operation_is_completed_with_its_cause()
    {
        var cache = Cache(TimeSpan.FromMinutes(5));
        var key = Key();
        cache.TryRegister(key, () => Task.FromException<string>(new IOException("disk full")));
        var result = cache.Get(key)!;
        Assert.Equal(OperationResultStatus.Failure, result.Status);
        Assert.Equal("disk full", Assert.IsType<IOException>(result.Failure).Message);

        var throwing = Key();
        cache.TryRegister(throwing, () => throw new InvalidOperationException("could not start"));
        Assert.IsType<InvalidOperationException>(cache.Get(throwing)!.Failure);
    }

    [Fact]
    public void Completed_results_expire_after_the_store_duration_counted_from_completion()
    {
        var cache = Cache(TimeSpan.FromMinutes(5));
        var key = Key();
        var operation = new TaskCompletionSource<string>();
        cache.TryRegister(key, () => operation.Task);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(OperationResultStatus.InProgress, cache.Get(key)!.Status);

        operation.SetResult("done");
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(cache.Get(key));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Get(key));
        Assert.True(cache.TryRegister(key, () => Task.FromResult("again")));
    }

    [Fact]
    public void A_store_duration_of_zero_keeps_results_forever()
    {
        var cache = Cache(TimeSpan.Zero);
        var key = Key();
        cache.TryRegister(key, () => Task.FromResult("kept"));
        _time.Advance(TimeSpan.FromDays(365));
        Assert.Equal("kept", cache.Get(key)!.Value);
    }

    [Fact]
    public void Unknown_keys_have_no_result()
    {
        var cache = new CompletedOperationCache<OperationKey, string>(TimeSpan.FromMinutes(5), _time);
        var key = new OperationKey(TriggerId.Generate());
        Assert.Null(cache.Get(key));
        var e = AsynchronousOperationBodies.UnknownOperation(key);
        Assert.Equal(404, e.Status);
        Assert.Equal($"Operation not found under key: OperationKey{{triggerId={key.TriggerId}}}", e.Message);
    }

    [Fact]
    public void The_store_duration_comes_from_rest_async_store_duration()
    {
        var config = new Brook.Core.Configuration.Configuration().SetRaw("rest.async.store-duration", "10 s");
        var cache = new CompletedOperationCache<OperationKey, string>(config, _time);
        var key = new OperationKey(TriggerId.Generate());
        cache.TryRegister(key, () => Task.FromResult("x"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(cache.Get(key));
    }

    [Fact]
    public void Status_bodies_follow_flinks_queue_status_shape()
    {
        var inProgress = AsynchronousOperationBodies.Status<string, string>(OperationResult<string>.InProgress, v => v, e => e.Message);
        Assert.Equal(QueueStatus.InProgress, inProgress.Status);
        Assert.Null(inProgress.Operation);
        var done = AsynchronousOperationBodies.Status<string, string>(OperationResult<string>.Success("loc"), v => "ok:" + v, e => e.Message);
        Assert.Equal(("COMPLETED", "ok:loc"), (done.Status.Id, done.Operation));
        var failed = AsynchronousOperationBodies.Status<string, string>(OperationResult<string>.Failed(new IOException("x")), v => v, e => "failed:" + e.Message);
        Assert.Equal(("COMPLETED", "failed:x"), (failed.Status.Id, failed.Operation));
        var trigger = TriggerId.Generate();
        Assert.Equal(trigger.Hex, AsynchronousOperationBodies.Trigger(trigger).RequestId);
        Assert.Matches("^[0-9a-f]{32}$", trigger.Hex);
    }
}
