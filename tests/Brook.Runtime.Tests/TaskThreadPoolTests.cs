using System.Globalization;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.Tests;

public sealed class TaskThreadPoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs one attempt on the pool and returns what it saw of its thread, once the thread is idle again.</summary>
    private static (Thread Thread, string? Name) RunOnce(TaskThreadPool pool, string name, Action? body = null, bool waitUntilIdle = true)
    {
        var seen = new TaskCompletionSource<(Thread, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var idleBefore = pool.IdleCount;
        pool.Start(name, () =>
        {
            body?.Invoke();
            seen.SetResult((Thread.CurrentThread, Thread.CurrentThread.Name));
        });
        var result = seen.Task.WaitAsync(Timeout).GetAwaiter().GetResult();
        // The attempt's thread (taken from the idle ones, or new) is idle again.
        if (waitUntilIdle) Assert.True(SpinWait.SpinUntil(() => pool.IdleCount == Math.Max(idleBefore, 1), Timeout));
        return result;
    }

    [Fact]
    public void The_next_attempt_runs_on_the_thread_the_last_one_left_named_after_it()
    {
        var pool = new TaskThreadPool(TimeSpan.FromMinutes(1), maxIdle: 4);
        var (first, firstName) = RunOnce(pool, "Source: A (1/2)#0");
        Assert.Equal(TaskThreadPool.IdleThreadName, first.Name);
        var (second, secondName) = RunOnce(pool, "Map (2/2)#1");

        Assert.Equal("Source: A (1/2)#0", firstName);
        Assert.Equal("Map (2/2)#1", secondName);
        Assert.Same(first, second);
        Assert.True(first.IsBackground);
    }

    [Fact]
    public void Attempts_that_run_at_once_get_threads_of_their_own()
    {
        var pool = new TaskThreadPool(TimeSpan.FromMinutes(1), maxIdle: 4);
        var threads = RunTwoAtOnce(pool);
        Assert.NotSame(threads[0], threads[1]);
        Assert.True(SpinWait.SpinUntil(() => pool.IdleCount == 2, Timeout));
    }

    [Fact]
    public void A_thread_beyond_the_idle_limit_ends_with_its_attempt()
    {
        var pool = new TaskThreadPool(TimeSpan.FromMinutes(1), maxIdle: 1);
        var threads = RunTwoAtOnce(pool);
        // One of the two ends; the other waits for the next attempt.
        Assert.True(SpinWait.SpinUntil(() => !threads[0]!.IsAlive || !threads[1]!.IsAlive, Timeout));
        Assert.True(SpinWait.SpinUntil(() => pool.IdleCount == 1, Timeout));
        Assert.Single(threads, t => t!.IsAlive);
    }

    [Fact]
    public void An_idle_thread_ends_when_no_attempt_came_within_the_keep_alive()
    {
        var pool = new TaskThreadPool(TimeSpan.FromMilliseconds(50), maxIdle: 4);
        var (thread, _) = RunOnce(pool, "Sink (1/1)#0", waitUntilIdle: false);

        Assert.True(thread.Join(Timeout));
        Assert.Equal(0, pool.IdleCount);
        // The pool starts a new thread for the next attempt.
        var (next, name) = RunOnce(pool, "Sink (1/1)#1", waitUntilIdle: false);
        Assert.NotSame(thread, next);
        Assert.Equal("Sink (1/1)#1", name);
    }

    private static readonly AsyncLocal<string?> Ambient = new();

    [Fact]
    public void An_attempt_runs_in_the_deployers_context_and_leaves_nothing_on_its_thread_for_the_next()
    {
        var pool = new TaskThreadPool(TimeSpan.FromMinutes(1), maxIdle: 4);
        // A culture of the attempt's own (the tests run in globalization-invariant mode: a modified invariant culture).
        var custom = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        custom.NumberFormat.NumberDecimalSeparator = ",";
        Ambient.Value = "deployer";
        string? seenByFirst = null;
        var (first, _) = RunOnce(pool, "A (1/1)#0", () =>
        {
            seenByFirst = Ambient.Value;
            Ambient.Value = "changed by the attempt";
            Thread.CurrentThread.CurrentCulture = custom;
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        });
        Ambient.Value = null;
        string? seenBySecond = "unset";
        CultureInfo? cultureOfSecond = null;
        var priorityOfSecond = ThreadPriority.Lowest;
        var (second, _) = RunOnce(pool, "B (1/1)#0", () =>
        {
            seenBySecond = Ambient.Value;
            cultureOfSecond = Thread.CurrentThread.CurrentCulture;
            priorityOfSecond = Thread.CurrentThread.Priority;
        });

        Assert.Same(first, second);
        Assert.Equal("deployer", seenByFirst);
        Assert.Null(seenBySecond);
        Assert.NotSame(custom, cultureOfSecond);
        Assert.Equal(".", cultureOfSecond!.NumberFormat.NumberDecimalSeparator);
        Assert.Equal(ThreadPriority.Normal, priorityOfSecond);
    }

    /// <summary>Starts two attempts that both run before either ends; returns their threads once both are finishing.</summary>
    private static Thread?[] RunTwoAtOnce(TaskThreadPool pool)
    {
        using var release = new ManualResetEventSlim();
        using var bothRunning = new CountdownEvent(2);
        using var bothEnding = new CountdownEvent(2);
        var threads = new Thread?[2];
        for (var i = 0; i < 2; i++)
        {
            var k = i;
            pool.Start($"T ({k + 1}/2)#0", () =>
            {
                threads[k] = Thread.CurrentThread;
                bothRunning.Signal();
                release.Wait(Timeout);
                bothEnding.Signal();
            });
        }
        Assert.True(bothRunning.Wait(Timeout));
        release.Set();
        Assert.True(bothEnding.Wait(Timeout));
        return threads;
    }
}
