using Brook.Streaming.State.Internal;
using System.Buffers;
using Brook.Core.Hashing;
using Brook.Runtime.State.Timers;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.State;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>
/// Keyed state of one operator subtask, on the heap: every state's values live in one map per key group of
/// the subtask's key-group range, scoped to the current key (set by the operator before each record or
/// timer) and a namespace (windows). Timer services live here too, so one snapshot holds both.
/// Snapshots of any key-group range are versioned bytes; a backend restores from any number of snapshots,
/// keeping only its own key groups (rescaling). Not thread-safe: a subtask uses it from its task thread.
/// </summary>
public abstract class HeapKeyedStateBackend : IDisposable
{
    private readonly Dictionary<string, ISnapshottableKeyedState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingRestore> _pending = new(StringComparer.Ordinal);

    private protected HeapKeyedStateBackend(Type keyType, int maxParallelism, KeyGroupRange keyGroupRange, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(keyType);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (maxParallelism is <= 0 or > KeyGroupRangeAssignment.UpperBoundMaxParallelism)
            throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism, $"The max parallelism must be in 1..{KeyGroupRangeAssignment.UpperBoundMaxParallelism}.");
        if (keyGroupRange.NumberOfKeyGroups <= 0 || keyGroupRange.StartKeyGroup < 0 || keyGroupRange.EndKeyGroup >= maxParallelism)
            throw new ArgumentOutOfRangeException(nameof(keyGroupRange), keyGroupRange, $"The key-group range must be non-empty and inside 0..{maxParallelism - 1}.");
        KeyType = keyType;
        MaxParallelism = maxParallelism;
        KeyGroupRange = keyGroupRange;
        TimeProvider = timeProvider;
    }

    public Type KeyType { get; }

    public int MaxParallelism { get; }

    public KeyGroupRange KeyGroupRange { get; }

    public TimeProvider TimeProvider { get; }

    public abstract int CurrentKeyGroup { get; }

    public IReadOnlyCollection<string> RegisteredStateNames => _states.Keys;

    /// <summary>
    /// BATCH execution (Flink's BatchExecutionKeyedStateBackend): the input arrives grouped by key, timers are
    /// BATCH timer services, a key's state is dropped when the key ends, and nothing is snapshotted.
    /// </summary>
    public bool IsBatchExecution { get; private protected init; }

    /// <summary>The current key, boxed (for diagnostics and tests; state access uses the typed key).</summary>
    public abstract object? CurrentKeyObject { get; }

    /// <summary>Writes the state and timers of the key groups in <paramref name="range"/> (all of this backend's when null).</summary>
    public byte[] Snapshot(KeyGroupRange? range = null)
    {
        // As Flink: a BATCH job's keyed operators hold buffered input and one key's state, nothing a restore could resume from.
        if (IsBatchExecution) throw new NotSupportedException("Snapshotting is not supported in BATCH runtime mode.");
        var covered = range is { } r ? KeyGroupRange.Intersect(r) : KeyGroupRange;
        var sections = new List<KeyedStateSnapshotFormat.StateSection>();
        foreach (var (name, state) in _states)
        {
            var groups = new List<(int, ReadOnlyMemory<byte>)>();
            for (var keyGroup = covered.StartKeyGroup; keyGroup <= covered.EndKeyGroup; keyGroup++)
            {
                if (!state.HasDataIn(keyGroup)) continue;
                var buffer = new ArrayBufferWriter<byte>();
                var writer = new MessagePackWriter(buffer);
                state.WriteKeyGroup(keyGroup, ref writer);
                writer.Flush();
                groups.Add((keyGroup, buffer.WrittenMemory));
            }
            sections.Add(new KeyedStateSnapshotFormat.StateSection(name, state.KindCode, groups));
        }
        // Restored state that no operator asked for yet still belongs to the job and must survive the next snapshot.
        foreach (var (name, pending) in _pending)
            sections.Add(new KeyedStateSnapshotFormat.StateSection(name, pending.KindCode, pending.KeyGroups.Where(g => covered.Contains(g.KeyGroup)).ToList()));
        return KeyedStateSnapshotFormat.Write(MaxParallelism, KeyTypeName, sections);
    }

    /// <summary>
    /// Restores the key groups this backend owns from the given snapshots (for rescaling: every snapshot whose
    /// range overlaps). States not registered yet are restored when an operator first asks for them.
    /// </summary>
    public void Restore(IEnumerable<ReadOnlyMemory<byte>> snapshots)
    {
        // A BATCH backend drops a key group's state as each key ends, which would drop restored keys not processed yet.
        if (IsBatchExecution) throw new NotSupportedException("Restoring keyed state is not supported in BATCH runtime mode.");
        foreach (var bytes in snapshots)
        {
            var snapshot = KeyedStateSnapshotFormat.Read(bytes);
            if (snapshot.MaxParallelism != MaxParallelism)
                throw new InvalidOperationException($"The snapshot was taken with max parallelism {snapshot.MaxParallelism}, but this job has {MaxParallelism}; keyed state can only be restored with the same max parallelism.");
            if (snapshot.KeyType != KeyTypeName)
                throw new InvalidOperationException($"The snapshot's key type is {snapshot.KeyType}, but this operator's key type is {KeyTypeName}.");
            foreach (var section in snapshot.States)
            {
                var owned = section.KeyGroups.Where(g => KeyGroupRange.Contains(g.KeyGroup)).ToList();
                if (_states.TryGetValue(section.Name, out var registered))
                {
                    CheckKind(section.Name, section.KindCode, registered.KindCode);
                    foreach (var (keyGroup, payload) in owned) registered.ReadKeyGroup(keyGroup, payload);
                    continue;
                }
                if (!_pending.TryGetValue(section.Name, out var pending))
                    _pending[section.Name] = pending = new PendingRestore(section.KindCode, []);
                CheckKind(section.Name, section.KindCode, pending.KindCode);
                pending.KeyGroups.AddRange(owned);
            }
        }
    }

    private string KeyTypeName => KeyType.FullName ?? KeyType.Name;

    private protected TtlPolicy Policy(StateDescriptor descriptor) => new(descriptor.TtlConfig, TimeProvider);

    private protected static TState WithNamespace<TState, TNamespace>(TState state, TNamespace ns) where TState : IInternalKvState<TNamespace>
    {
        state.SetCurrentNamespace(ns);
        return state;
    }

    private protected TState GetOrCreate<TState>(StateDescriptor descriptor, Func<TState> create) where TState : class, ISnapshottableKeyedState
    {
        if (_states.TryGetValue(descriptor.Name, out var existing))
            return existing as TState ?? throw new InvalidOperationException(
                $"State '{descriptor.Name}' is already registered as a different kind or with different types; each state name can be used for one state only.");
        var state = create();
        Register(descriptor.Name, (int)descriptor.Kind, state);
        return state;
    }

    private protected void Register(string name, int kindCode, ISnapshottableKeyedState state)
    {
        if (_pending.Remove(name, out var pending))
        {
            CheckKind(name, pending.KindCode, kindCode);
            foreach (var (keyGroup, payload) in pending.KeyGroups) state.ReadKeyGroup(keyGroup, payload);
        }
        _states[name] = state;
    }

    private static void CheckKind(string name, int snapshotKind, int registeredKind)
    {
        if (snapshotKind != registeredKind)
            throw new InvalidOperationException($"State '{name}' was snapshotted as {KindName(snapshotKind)} but is now registered as {KindName(registeredKind)}.");
    }

    private static string KindName(int kindCode) =>
        kindCode == KeyedStateSnapshotFormat.TimerServiceKind ? "timers" : ((StateKind)kindCode).ToString();

    /// <summary>Releases the state (the task is done with this backend).</summary>
    public virtual void Dispose()
    {
        _states.Clear();
        _pending.Clear();
    }

    /// <summary>Drops the key group's entries of every state (BATCH: the group holds only the key that ended).</summary>
    private protected void ClearKeyGroupOfAllStates(int keyGroup)
    {
        foreach (var state in _states.Values)
        {
            if (state is IClearableKeyedState clearable) clearable.ClearKeyGroup(keyGroup);
        }
    }

    /// <summary>A registered state or timer service, or null (the typed backend checks its type).</summary>
    private protected ISnapshottableKeyedState? Registered(string name) => _states.GetValueOrDefault(name);

    private sealed record PendingRestore(int KindCode, List<(int KeyGroup, ReadOnlyMemory<byte> Payload)> KeyGroups);
}

/// <summary>
/// The heap keyed backend for keys of type <typeparamref name="TKey"/>, as operators create it through the state
/// backend slot. The current key and every stored key stay typed (no boxing per record or per lookup).
/// </summary>
public sealed class HeapKeyedStateBackend<TKey> : HeapKeyedStateBackend, IKeyedStateBackend<TKey>, IInternalKeyedStateBackend, IBatchExecutionKeyedStateBackend
{
    private TKey _currentKey = default!;
    private bool _hasCurrentKey;
    private int _currentKeyGroup = -1;
    private readonly Dictionary<string, IBatchTimers> _batchTimers = new(StringComparer.Ordinal);

    public HeapKeyedStateBackend(int maxParallelism, KeyGroupRange keyGroupRange, TimeProvider timeProvider, bool batchExecution = false)
        : base(typeof(TKey), maxParallelism, keyGroupRange, timeProvider)
    {
        IsBatchExecution = batchExecution;
    }

    /// <summary>BATCH: the current key's input ended; its timers fire (event time as at watermark long.MaxValue), then its state is dropped.</summary>
    public void EndKey()
    {
        if (!_hasCurrentKey) return;
        foreach (var timers in _batchTimers.Values) timers.FireAll();
        ClearKeyGroupOfAllStates(_currentKeyGroup);
    }

    public TKey CurrentKey => _currentKey;

    public override int CurrentKeyGroup => _currentKeyGroup;

    public override object? CurrentKeyObject => _hasCurrentKey ? _currentKey : null;

    internal TKey CurrentKeyOrThrow => _hasCurrentKey
        ? _currentKey
        : throw new InvalidOperationException("Keyed state is only accessible on a keyed stream, while processing a record or a timer (no current key is set).");

    /// <summary>Sets the current key, computing its key group with the same stable hash the key partitioner uses.</summary>
    public void SetCurrentKey(TKey key)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        var keyGroup = KeyGroupOf(key);
        if (!KeyGroupRange.Contains(keyGroup))
            throw new InvalidOperationException($"Key '{key}' belongs to key group {keyGroup}, which is outside this subtask's key groups {KeyGroupRange.StartKeyGroup}..{KeyGroupRange.EndKeyGroup}; the stream was not partitioned by this key.");
        SetCurrentKeyAndGroup(key, keyGroup);
    }

    /// <summary>Sets the current key whose key group the caller already computed (the operator's key context).</summary>
    public void SetCurrentKey(TKey key, int keyGroup) => SetCurrentKeyAndGroup(key, keyGroup);

    internal void SetCurrentKeyAndGroup(TKey key, int keyGroup)
    {
        _currentKey = key;
        _hasCurrentKey = true;
        _currentKeyGroup = keyGroup;
    }

    public int KeyGroupOf(TKey key) => KeyGroupRangeAssignment.AssignToKeyGroup(KeyHasher<TKey>.Hash(key), MaxParallelism);

    public IValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) => GetValueState(descriptor, VoidNamespace.Instance);

    public IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) => GetListState(descriptor, VoidNamespace.Instance);

    public IMapState<TMapKey, TValue> GetMapState<TMapKey, TValue>(MapStateDescriptor<TMapKey, TValue> descriptor) where TMapKey : notnull =>
        GetMapState(descriptor, VoidNamespace.Instance);

    public IReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) => GetReducingState(descriptor, VoidNamespace.Instance);

    public IAggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        GetAggregatingState(descriptor, VoidNamespace.Instance);

    IInternalValueState<TNamespace, T> IInternalKeyedStateBackend.GetValueState<TNamespace, T>(ValueStateDescriptor<T> descriptor, TNamespace ns) => GetValueState(descriptor, ns);

    IInternalListState<TNamespace, T> IInternalKeyedStateBackend.GetListState<TNamespace, T>(ListStateDescriptor<T> descriptor, TNamespace ns) => GetListState(descriptor, ns);

    IInternalMapState<TNamespace, TMapKey, TValue> IInternalKeyedStateBackend.GetMapState<TNamespace, TMapKey, TValue>(MapStateDescriptor<TMapKey, TValue> descriptor, TNamespace ns) =>
        GetMapState(descriptor, ns);

    IInternalReducingState<TNamespace, T> IInternalKeyedStateBackend.GetReducingState<TNamespace, T>(ReducingStateDescriptor<T> descriptor, TNamespace ns) =>
        GetReducingState(descriptor, ns);

    IInternalAggregatingState<TNamespace, TIn, TOut> IInternalKeyedStateBackend.GetAggregatingState<TNamespace, TIn, TAcc, TOut>(
        AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor, TNamespace ns) => GetAggregatingState(descriptor, ns);

    IInternalMergingState<TNamespace> IInternalKeyedStateBackend.GetMergingState<TNamespace>(StateDescriptor descriptor, TNamespace ns) =>
        descriptor.Accept(new MergingStateFactory<TNamespace>(this, ns));

    IInternalTimerService<TNamespace> IInternalKeyedStateBackend.GetInternalTimerService<TNamespace>(string name, ITriggerable<TNamespace> target, IProcessingTimeService processingTimeService) =>
        IsBatchExecution ? GetBatchTimerService(name, target, processingTimeService) : GetInternalTimerService(name, target, processingTimeService);

    private BatchExecutionInternalTimeService<TKey, TNamespace> GetBatchTimerService<TNamespace>(string name, ITriggerable<TNamespace> target, IProcessingTimeService processingTimeService)
        where TNamespace : notnull
    {
        if (_batchTimers.TryGetValue(name, out var existing))
            return existing as BatchExecutionInternalTimeService<TKey, TNamespace>
                ?? throw new InvalidOperationException($"Timer service '{name}' is already registered with another namespace type.");
        var service = new BatchExecutionInternalTimeService<TKey, TNamespace>(this, target, processingTimeService);
        _batchTimers[name] = service;
        return service;
    }

    internal HeapValueState<TKey, TNamespace, T> GetValueState<TNamespace, T>(ValueStateDescriptor<T> descriptor, TNamespace ns) where TNamespace : notnull =>
        WithNamespace(GetOrCreate(descriptor, () => new HeapValueState<TKey, TNamespace, T>(this, descriptor, Policy(descriptor), ns)), ns);

    internal HeapListState<TKey, TNamespace, T> GetListState<TNamespace, T>(ListStateDescriptor<T> descriptor, TNamespace ns) where TNamespace : notnull =>
        WithNamespace(GetOrCreate(descriptor, () => new HeapListState<TKey, TNamespace, T>(this, descriptor, Policy(descriptor), ns)), ns);

    internal HeapMapState<TKey, TNamespace, TMapKey, TValue> GetMapState<TNamespace, TMapKey, TValue>(MapStateDescriptor<TMapKey, TValue> descriptor, TNamespace ns)
        where TNamespace : notnull where TMapKey : notnull =>
        WithNamespace(GetOrCreate(descriptor, () => new HeapMapState<TKey, TNamespace, TMapKey, TValue>(this, descriptor, Policy(descriptor), ns)), ns);

    internal HeapReducingState<TKey, TNamespace, T> GetReducingState<TNamespace, T>(ReducingStateDescriptor<T> descriptor, TNamespace ns) where TNamespace : notnull =>
        WithNamespace(GetOrCreate(descriptor, () => new HeapReducingState<TKey, TNamespace, T>(this, descriptor, Policy(descriptor), ns)), ns);

    internal HeapAggregatingState<TKey, TNamespace, TIn, TAcc, TOut> GetAggregatingState<TNamespace, TIn, TAcc, TOut>(
        AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor, TNamespace ns) where TNamespace : notnull =>
        WithNamespace(GetOrCreate(descriptor, () => new HeapAggregatingState<TKey, TNamespace, TIn, TAcc, TOut>(this, descriptor, Policy(descriptor), ns)), ns);

    /// <summary>The timer service named <paramref name="name"/>, created on first use (restored timers included).</summary>
    internal InternalTimerService<TKey, TNamespace> GetInternalTimerService<TNamespace>(string name, ITriggerable<TNamespace> target, IProcessingTimeService processingTimeService)
        where TNamespace : notnull
    {
        var registeredName = "_timer_state/" + name;
        if (Registered(registeredName) is { } existing)
            return existing as InternalTimerService<TKey, TNamespace>
                ?? throw new InvalidOperationException($"Timer service '{name}' is already registered with another namespace type.");
        var service = new InternalTimerService<TKey, TNamespace>(name, this, target, processingTimeService);
        Register(registeredName, KeyedStateSnapshotFormat.TimerServiceKind, service);
        return service;
    }

    // The declared key type's formatter, as snapshots were always written (the layout is unchanged).
    internal static void WriteKey(ref MessagePackWriter writer, TKey key) =>
        MessagePackSerializer.Serialize(ref writer, key, StateSerialization.Options);

    internal static TKey ReadKey(ref MessagePackReader reader) =>
        MessagePackSerializer.Deserialize<TKey>(ref reader, StateSerialization.Options)
        ?? throw new InvalidDataException("A keyed state snapshot holds a null key.");

    public override void Dispose()
    {
        base.Dispose();
        _currentKey = default!;
        _hasCurrentKey = false;
        _currentKeyGroup = -1;
    }

    private sealed class MergingStateFactory<TNamespace>(HeapKeyedStateBackend<TKey> backend, TNamespace ns) : IStateDescriptorVisitor<IInternalMergingState<TNamespace>>
        where TNamespace : notnull
    {
        public IInternalMergingState<TNamespace> Visit<T>(ValueStateDescriptor<T> descriptor) => throw NotMergeable(descriptor);

        public IInternalMergingState<TNamespace> Visit<T>(ListStateDescriptor<T> descriptor) => backend.GetListState(descriptor, ns);

        public IInternalMergingState<TNamespace> Visit<TMapKey, TValue>(MapStateDescriptor<TMapKey, TValue> descriptor) where TMapKey : notnull => throw NotMergeable(descriptor);

        public IInternalMergingState<TNamespace> Visit<T>(ReducingStateDescriptor<T> descriptor) => backend.GetReducingState(descriptor, ns);

        public IInternalMergingState<TNamespace> Visit<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) => backend.GetAggregatingState(descriptor, ns);

        private static ArgumentException NotMergeable(StateDescriptor descriptor) =>
            new($"{descriptor} is not mergeable state; only list, reducing and aggregating state can be merged.", nameof(descriptor));
    }
}
