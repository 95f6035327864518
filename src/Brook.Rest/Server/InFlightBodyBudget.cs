namespace Brook.Rest.Server;

/// <summary>
/// The memory that request bodies held by the REST endpoint may take together (rest.server.max-in-flight-body-bytes).
/// A request reserves its body's bytes as they arrive (all at once when it declares a Content-Length) and keeps
/// them until it has been answered, since the parsed body lives that long; a request that would exceed the budget
/// is refused instead of growing the process.
/// </summary>
internal sealed class InFlightBodyBudget(long capacity) : IDisposable
{
    private long _used;

    public long Capacity => capacity;

    /// <summary>The bytes reserved by requests being read or handled now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Raised after a request gave its bytes back (its answer may reach the client before this).</summary>
    internal event Action? Released;

    /// <summary>Gives the memory back once the last large body of a burst was answered.</summary>
    public LargeBodyMemoryReturn MemoryReturn { get; } = new();

    public Reservation Open() => new(this);

    public void Dispose() => MemoryReturn.Dispose();

    private bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > capacity) return false;
            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used) return true;
        }
    }

    /// <summary>One request's share of the budget; disposing it gives the bytes back.</summary>
    internal sealed class Reservation(InFlightBodyBudget budget) : IDisposable
    {
        public InFlightBodyBudget Budget => budget;

        public long Reserved { get; private set; }

        /// <summary>Grows the reservation to <paramref name="total"/> bytes; false (nothing reserved) when the budget cannot hold it.</summary>
        public bool TryGrowTo(long total)
        {
            if (total <= Reserved) return true;
            if (!budget.TryReserve(total - Reserved)) return false;
            Reserved = total;
            return true;
        }

        public void Dispose()
        {
            if (Reserved == 0) return;
            var left = Interlocked.Add(ref budget._used, -Reserved);
            if (left == 0 && Reserved >= LargeBodyMemoryReturn.LargeBodyBytes) budget.MemoryReturn.Request();
            Reserved = 0;
            budget.Released?.Invoke();
        }
    }
}
