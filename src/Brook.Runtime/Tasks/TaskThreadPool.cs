namespace Brook.Runtime.Tasks;

/// <summary>
/// The threads that run task attempts, kept for the next attempt once one ends. Each attempt still has a dedicated
/// thread for its whole life, named after it (Flink's task thread); but starting a thread costs a clone and a fresh
/// stack, and Thread.Start blocks the deploying JobMaster until the new thread runs, for every subtask of every job
/// (most of a small job's deployment on a loaded machine). An idle thread waits for its next attempt, and ends when
/// none came within the keep-alive time or when enough threads are idle already.
/// </summary>
internal sealed class TaskThreadPool(TimeSpan keepAlive, int maxIdle)
{
    private readonly TimeSpan _keepAlive = keepAlive;

    /// <summary>What an idle thread is called in thread dumps and by the OS.</summary>
    public const string IdleThreadName = "Brook task thread (idle)";

    /// <summary>The process's task threads: idle for up to a minute, at most 128 idle at once.</summary>
    public static TaskThreadPool Shared { get; } = new(TimeSpan.FromMinutes(1), 128);

    // Most recently idle last: reused first (warm stack), while the oldest ones reach their keep-alive and end.
    private readonly List<Worker> _idle = [];

    /// <summary>How many threads wait for an attempt now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle) return _idle.Count;
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> on a task thread named <paramref name="name"/>, in the caller's execution context
    /// (as a new thread would), without waiting for it to begin.
    /// </summary>
    public void Start(string name, Action run)
    {
        var work = new Work(name, run, ExecutionContext.Capture());
        Worker? worker = null;
        lock (_idle)
        {
            if (_idle.Count > 0)
            {
                worker = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
            }
        }
        if (worker is null) Worker.StartNew(this, work);
        else worker.Hand(work);
    }

    private bool ReturnIdle(Worker worker)
    {
        lock (_idle)
        {
            if (_idle.Count >= maxIdle) return false;
            _idle.Add(worker);
            return true;
        }
    }

    /// <summary>Takes an idle worker out for good (its keep-alive ran out); false if an attempt was just handed to it.</summary>
    private bool Retire(Worker worker)
    {
        lock (_idle) return _idle.Remove(worker);
    }

    private sealed record Work(string Name, Action Run, ExecutionContext? Context);

    private sealed class Worker
    {
        private readonly TaskThreadPool _pool;
        private readonly Thread _thread;
        private readonly object _gate = new();
        private Work? _next;

        private Worker(TaskThreadPool pool, Work first)
        {
            _pool = pool;
            _next = first;
            _thread = new Thread(Loop) { IsBackground = true, Name = first.Name };
        }

        public static void StartNew(TaskThreadPool pool, Work first) => new Worker(pool, first)._thread.UnsafeStart();

        public void Hand(Work work)
        {
            lock (_gate)
            {
                _next = work;
                Monitor.Pulse(_gate);
            }
        }

        private void Loop()
        {
            var thread = Thread.CurrentThread;
            var culture = thread.CurrentCulture;
            var uiCulture = thread.CurrentUICulture;
            while (TakeNext() is { } work)
            {
                if (thread.Name != work.Name) thread.Name = work.Name;
                if (work.Context is null) work.Run();
                else ExecutionContext.Run(work.Context, static run => ((Action)run!)(), work.Run);
                // What the attempt may have changed on its thread does not carry over to the next one: it starts as on a new thread.
                thread.CurrentCulture = System.Globalization.CultureInfo.DefaultThreadCurrentCulture ?? culture;
                thread.CurrentUICulture = System.Globalization.CultureInfo.DefaultThreadCurrentUICulture ?? uiCulture;
                thread.Priority = ThreadPriority.Normal;
                thread.IsBackground = true;
                thread.Name = IdleThreadName;
                if (!_pool.ReturnIdle(this)) return;
            }
        }

        /// <summary>The next attempt to run; null once the keep-alive ran out with none (the thread ends).</summary>
        private Work? TakeNext()
        {
            lock (_gate)
            {
                while (_next is null)
                {
                    // Timed out while still idle: leave. Taken meanwhile: the attempt is being handed over, wait for it.
                    if (!Monitor.Wait(_gate, _pool._keepAlive) && _pool.Retire(this)) return null;
                }
                var work = _next;
                _next = null;
                return work;
            }
        }
    }
}
