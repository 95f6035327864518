using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>
/// Flink's WindowOperator: assigns each element of a keyed stream to windows, keeps the window contents in
/// the keyed state backend (namespace = window), asks the trigger when to evaluate and purge, evaluates
/// with the window function, and cleans a window up once the watermark (or the clock, in processing time)
/// passes its end plus the allowed lateness. Elements for windows that are already cleaned up are late:
/// they go to the late-data side output when one is set, else they are dropped.
/// </summary>
internal sealed class WindowOperator<TKey, TIn, TOut, TWindow>
    : AbstractStreamOperator<TOut>, IOneInputStreamOperator<TIn>, IKeyGroupedInput<TIn>, IKeyGroupedBatchInput<TIn>, ITriggerable<TWindow>, IWindowAssignerContext, IEvictorContext, IInternalWindowContext
    where TWindow : Window
{
    private readonly WindowAssigner<TWindow> _assigner;
    private readonly Trigger<TWindow> _trigger;
    private readonly Func<TIn, TKey> _keySelector;
    private readonly Func<IInternalKeyedStateBackend, IWindowContents<TKey, TIn, TOut, TWindow>> _contentsFactory;
    private readonly long _allowedLateness;
    private readonly OutputTag<TIn>? _lateDataTag;
    private readonly string _name;
    private readonly MergingWindowAssigner<TWindow>? _mergingAssigner;
    private readonly ISingleTimeWindowAssigner? _singleWindowAssigner;
    private readonly bool _isEventTime;

    // Event-time windows with the default trigger and no allowed lateness: the trigger's timer is the cleanup timer.
    private readonly bool _eventTimeTriggerOnly;

    // The window of the last element, while elements keep falling into it (tumbling windows): no window per element.
    private TWindow? _currentSingleWindow;
    private long _currentSingleWindowStart;
    private long _currentSingleWindowEnd;

    // The batch path (see ProcessPanes): event-time panes, the default trigger, no lateness, contents that add a run at once.
    private readonly IPanedTimeWindowAssigner? _paneAssigner;
    private IBatchWindowContents<TKey, TIn, TWindow>? _batchContents;
    private TKey[] _batchKeys = [];
    private int[] _batchCreated = [];
    private TWindow[] _paneWindows = [];
    private int _paneWindowCount;
    private long _paneStart;
    private bool _hasPane;

    // The window the contents state is scoped to now: consecutive elements of one window do not set it again.
    private TWindow? _contentsWindow;

    private KeyedStateHandle<TKey> _keyed = null!;
    private IInternalTimerService<TWindow> _timers = null!;
    private IWindowContents<TKey, TIn, TOut, TWindow> _contents = null!;
    private IInternalListState<VoidNamespace, (TWindow Window, TWindow StateWindow)>? _mergingSets;
    private TriggerContext _triggerContext = null!;
    private WindowStateStore _windowState = null!;
    private TimestampedCollector<TOut> _collector = null!;
    private TWindow _evaluatedWindow = null!;

    public WindowOperator(
        string name,
        WindowAssigner<TWindow> assigner,
        Trigger<TWindow> trigger,
        Func<TIn, TKey> keySelector,
        Func<IInternalKeyedStateBackend, IWindowContents<TKey, TIn, TOut, TWindow>> contentsFactory,
        long allowedLateness,
        OutputTag<TIn>? lateDataTag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(allowedLateness);
        _mergingAssigner = assigner as MergingWindowAssigner<TWindow>;
        if (_mergingAssigner is not null && !trigger.CanMerge)
            throw new InvalidOperationException($"A merging window assigner ({assigner}) cannot be used with a trigger that does not support merging ({trigger}).");
        _name = name;
        _assigner = assigner;
        _trigger = trigger;
        _keySelector = keySelector;
        _contentsFactory = contentsFactory;
        _allowedLateness = assigner.IsEventTime ? allowedLateness : 0;
        _lateDataTag = lateDataTag;
        _isEventTime = assigner.IsEventTime;
        if (typeof(TWindow) == typeof(TimeWindow)) _singleWindowAssigner = assigner as ISingleTimeWindowAssigner;
        _eventTimeTriggerOnly = _isEventTime && _allowedLateness == 0 && trigger is EventTimeTrigger;
        if (_eventTimeTriggerOnly && _mergingAssigner is null && typeof(TWindow) == typeof(TimeWindow)
            && assigner is IPanedTimeWindowAssigner { PaneSize: > 0 } paned)
            _paneAssigner = paned;
    }

    /// <summary>Late elements dropped because no late-data side output was set (Flink's numLateRecordsDropped).</summary>
    public long NumLateRecordsDropped { get; private set; }

    public override void Open()
    {
        _keyed = KeyedStateHandle<TKey>.Create(Parameters, _name);
        var backend = _keyed.Backend;
        _timers = backend.GetInternalTimerService("window-timers", this, ProcessingTimeService);
        _contents = _contentsFactory(backend);
        if (_mergingAssigner is not null)
            _mergingSets = backend.GetListState(new ListStateDescriptor<(TWindow, TWindow)>("merging-window-set"), VoidNamespace.Instance);
        _triggerContext = new TriggerContext(this);
        _windowState = new WindowStateStore(backend);
        _collector = new TimestampedCollector<TOut>(Output);
        if (_paneAssigner is not null) _batchContents = _contents as IBatchWindowContents<TKey, TIn, TWindow>;
        var context = new KeyedRuntimeContext(RuntimeContext, backend);
        foreach (var function in _contents.UserFunctions.OfType<IRichFunction>())
        {
            function.RuntimeContext = context;
            InitializeFunctionState(function, _name, context);
            function.Open();
        }
    }

    public override void Close()
    {
        try
        {
            if (_contents is not null)
                foreach (var function in _contents.UserFunctions.OfType<IRichFunction>()) function.Close();
        }
        finally
        {
            _keyed?.Dispose();
        }
    }

    long IWindowAssignerContext.CurrentProcessingTime => ProcessingTimeService.CurrentProcessingTime;

    long IEvictorContext.CurrentProcessingTime => ProcessingTimeService.CurrentProcessingTime;

    long IEvictorContext.CurrentWatermark => _timers.CurrentWatermark;

    long IInternalWindowContext.CurrentProcessingTime => ProcessingTimeService.CurrentProcessingTime;

    long IInternalWindowContext.CurrentWatermark => _timers.CurrentWatermark;

    IKeyedStateStore IInternalWindowContext.WindowState => _windowState.For(_evaluatedWindow);

    IKeyedStateStore IInternalWindowContext.GlobalState => _keyed.Backend;

    void IInternalWindowContext.Output<TSide>(OutputTag<TSide> tag, TSide value) =>
        Output.Collect(tag, new StreamRecord<TSide>(value, _evaluatedWindow.MaxTimestamp));

    public void ProcessElement(StreamRecord<TIn> record)
    {
        var key = _keySelector(record.Value);
        _keyed.Keys.SetCurrentKey(key);
        Process(record, key);
    }

    public void ProcessElement(StreamRecord<TIn> record, int keyGroup)
    {
        var key = _keySelector(record.Value);
        _keyed.Keys.SetCurrentKey(key, keyGroup);
        Process(record, key);
    }

    void IKeyGroupedBatchInput<TIn>.ProcessBatch(ReadOnlySpan<StreamRecord<TIn>> records, ReadOnlySpan<int> keyGroups)
    {
        if (_batchContents is not null && records.Length > 0)
        {
            ProcessPanes(records, keyGroups);
            return;
        }
        var keys = _keyed.Keys;
        var selector = _keySelector;
        for (var i = 0; i < records.Length; i++)
        {
            var key = selector(records[i].Value);
            keys.SetCurrentKey(key, keyGroups[i]);
            Process(records[i], key);
        }
    }

    /// <summary>
    /// The batch path of event-time tumbling and sliding windows with the default trigger and no allowed lateness: the
    /// records of a run in one pane share their windows, so each window is assigned, checked for lateness and its state
    /// resolved once per run, and each record costs one in-place update of its key's contents. A record that creates
    /// its key's contents of a window registers the window's timer, as on the per-record path; the records of a run
    /// whose windows are all late go to the late-data side output or are counted as dropped, one by one in order. The
    /// watermark does not move inside a buffer (it comes in its own), so lateness is the same for a whole run.
    /// </summary>
    private void ProcessPanes(ReadOnlySpan<StreamRecord<TIn>> records, ReadOnlySpan<int> keyGroups)
    {
        var n = records.Length;
        if (_batchKeys.Length < n)
        {
            _batchKeys = new TKey[n];
            _batchCreated = new int[n];
        }
        var keys = _batchKeys.AsSpan(0, n);
        var selector = _keySelector;
        var paneSize = (ulong)_paneAssigner!.PaneSize;
        var from = 0;
        while (from < n)
        {
            AssignPane(records[from]);
            var paneStart = _paneStart;
            var to = PaneRuns.SelectRun(records, from, paneStart, paneSize, selector, keys);
            if (!AddRun(records[from..to], keys[from..to], keyGroups[from..to]))
            {
                // Contents that cannot take a run (TTL): this and every later record one by one.
                _batchContents = null;
                for (var i = from; i < n; i++)
                {
                    var key = i < to ? keys[i] : keys[i] = selector(records[i].Value);
                    _keyed.Keys.SetCurrentKey(key, keyGroups[i]);
                    Process(records[i], key);
                }
                break;
            }
            from = to;
        }
        // As after the per-record path: the current key is the last record's.
        _keyed.Keys.SetCurrentKey(keys[n - 1], keyGroups[n - 1]);
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TKey>()) keys.Clear();
    }

    /// <summary>Sets the pane and its windows to the record's (kept while records stay in the same pane).</summary>
    private void AssignPane(StreamRecord<TIn> record)
    {
        var timestamp = record.Timestamp;
        // No timestamp: the assigner fails as it does per record.
        if (timestamp == long.MinValue) _assigner.AssignWindows(record.Value, timestamp, this);
        var paneStart = _paneAssigner!.PaneStart(timestamp);
        if (_hasPane && paneStart == _paneStart) return;
        if (_singleWindowAssigner is not null)
        {
            if (_paneWindows.Length == 0) _paneWindows = new TWindow[1];
            _paneWindows[0] = SingleWindowOf(record);
            _paneWindowCount = 1;
        }
        else
        {
            var windows = _assigner.AssignWindows(record.Value, timestamp, this);
            if (_paneWindows.Length < windows.Count) _paneWindows = new TWindow[windows.Count];
            _paneWindowCount = 0;
            foreach (var window in windows) _paneWindows[_paneWindowCount++] = window;
        }
        _paneStart = paneStart;
        _hasPane = true;
    }

    /// <summary>Adds a run of records of the current pane to its windows; false when the contents cannot take a run (nothing added).</summary>
    private bool AddRun(ReadOnlySpan<StreamRecord<TIn>> records, ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups)
    {
        var createdAt = _batchCreated.AsSpan(0, records.Length);
        var added = false;
        for (var w = 0; w < _paneWindowCount; w++)
        {
            var window = _paneWindows[w];
            if (IsWindowLate(window)) continue;
            var created = _batchContents!.TryAddAll(window, keys, keyGroups, records, createdAt);
            if (created < 0) return false;
            added = true;
            if (created > 0) RegisterCreated(window, keys, keyGroups, createdAt[..created]);
        }
        if (added) return true;
        for (var i = 0; i < records.Length; i++)
        {
            if (!IsElementLate(records[i])) continue;
            if (_lateDataTag is not null) Output.Collect(_lateDataTag, records[i]);
            else NumLateRecordsDropped++;
        }
        return true;
    }

    /// <summary>The window's timer for each record of a run that created its key's contents (at these positions, in order).</summary>
    private void RegisterCreated(TWindow window, ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<int> positions)
    {
        var end = window.MaxTimestamp;
        var keyContext = _keyed.Keys;
        foreach (var i in positions)
        {
            keyContext.SetCurrentKey(keys[i], keyGroups[i]);
            _timers.RegisterEventTimeTimer(window, end);
        }
    }

    private void Process(StreamRecord<TIn> record, TKey key)
    {
        if (_singleWindowAssigner is not null)
        {
            if (!AddToWindow(record, key, SingleWindowOf(record)) && IsElementLate(record))
            {
                if (_lateDataTag is not null) Output.Collect(_lateDataTag, record);
                else NumLateRecordsDropped++;
            }
            return;
        }
        var windows = _assigner.AssignWindows(record.Value, record.Timestamp, this);
        var skipped = true;
        if (_mergingAssigner is not null)
        {
            var mergingWindows = new MergingWindowSet<TWindow>(_mergingAssigner.MergeWindows, _mergingSets!);
            foreach (var window in windows)
            {
                var actualWindow = mergingWindows.AddWindow(window, (mergeResult, mergedWindows, stateWindowResult, mergedStateWindows) =>
                {
                    if (_isEventTime && mergeResult.MaxTimestamp + _allowedLateness <= _timers.CurrentWatermark)
                        throw new InvalidOperationException($"The end timestamp of an event-time window cannot become earlier than the current watermark by merging. Current watermark: {_timers.CurrentWatermark} window: {mergeResult}");
                    if (!_isEventTime && mergeResult.MaxTimestamp <= _timers.CurrentProcessingTime)
                        throw new InvalidOperationException($"The end timestamp of a processing-time window cannot become earlier than the current processing time by merging. Current processing time: {_timers.CurrentProcessingTime} window: {mergeResult}");
                    _triggerContext.Window = mergeResult;
                    _triggerContext.OnMerge(mergedWindows);
                    foreach (var merged in mergedWindows)
                    {
                        _triggerContext.Window = merged;
                        _triggerContext.Clear();
                        DeleteCleanupTimer(merged);
                    }
                    _contents.MergeWindows(stateWindowResult, mergedStateWindows);
                });
                if (IsWindowLate(actualWindow))
                {
                    mergingWindows.RetireWindow(actualWindow);
                    continue;
                }
                skipped = false;
                var stateWindow = mergingWindows.GetStateWindow(actualWindow)
                    ?? throw new InvalidOperationException($"Window {actualWindow} is not in the in-flight window set.");
                SetContentsWindow(stateWindow);
                _contents.Add(record.Value, record.Timestamp);
                _triggerContext.Window = actualWindow;
                var result = _triggerContext.OnElement(record);
                if (result.IsFire()) Emit(key, actualWindow);
                if (result.IsPurge()) _contents.Clear();
                RegisterCleanupTimer(actualWindow);
            }
            mergingWindows.Persist();
        }
        else
        {
            // By index when possible: an interface enumerator would be allocated for every element.
            if (windows is IReadOnlyList<TWindow> list)
            {
                for (var i = 0; i < list.Count; i++) skipped &= !AddToWindow(record, key, list[i]);
            }
            else
            {
                foreach (var window in windows) skipped &= !AddToWindow(record, key, window);
            }
        }
        if (skipped && IsElementLate(record))
        {
            if (_lateDataTag is not null) Output.Collect(_lateDataTag, record);
            else NumLateRecordsDropped++;
        }
    }

    /// <summary>The one window of the element (tumbling assigners), the same object as the last element's when it is the same window.</summary>
    private TWindow SingleWindowOf(StreamRecord<TIn> record)
    {
        // An event-time element inside the last element's window is in that window (no assigner call).
        if (_isEventTime && _currentSingleWindow is not null
            && record.Timestamp >= _currentSingleWindowStart && record.Timestamp < _currentSingleWindowEnd)
            return _currentSingleWindow;
        var start = _singleWindowAssigner!.WindowStart(record.Timestamp, this);
        if (_currentSingleWindow is null || start != _currentSingleWindowStart)
        {
            _currentSingleWindow = (TWindow)(Window)new TimeWindow(start, start + _singleWindowAssigner.Size);
            _currentSingleWindowStart = start;
            _currentSingleWindowEnd = start + _singleWindowAssigner.Size;
        }
        return _currentSingleWindow;
    }

    /// <summary>Adds the element to a window of a non-merging assigner; false when the window is late.</summary>
    private bool AddToWindow(StreamRecord<TIn> record, TKey key, TWindow window)
    {
        if (IsWindowLate(window)) return false;
        SetContentsWindow(window);
        var first = _contents.Add(record.Value, record.Timestamp);
        if (_eventTimeTriggerOnly)
        {
            // EventTimeTrigger.OnElement without its generic virtual call: a window that is not late has not reached
            // its end (no lateness), so the trigger continues and registers the timer at the window's end, which is
            // also the cleanup time: one registration instead of two of the same timer. The timer lives exactly as
            // long as the window's contents (both are made by the first element and dropped when it fires, and are
            // snapshotted together), so only the element that creates the contents registers it.
            if (first) _timers.RegisterEventTimeTimer(window, window.MaxTimestamp);
            return true;
        }
        _triggerContext.Window = window;
        var result = _triggerContext.OnElement(record);
        if (result.IsFire()) Emit(key, window);
        if (result.IsPurge()) _contents.Clear();
        RegisterCleanupTimer(window);
        return true;
    }

    public override void ProcessWatermark(Watermark watermark)
    {
        _timers.AdvanceWatermark(watermark.Timestamp);
        base.ProcessWatermark(watermark);
    }

    public void EndInput()
    {
    }

    public void OnEventTime(InternalTimer<TWindow> timer) => OnTimer(timer, eventTime: true);

    public void OnProcessingTime(InternalTimer<TWindow> timer) => OnTimer(timer, eventTime: false);

    private void OnTimer(InternalTimer<TWindow> timer, bool eventTime)
    {
        _keyed.SetCurrentKeyFromTimer(timer.Key);
        var window = timer.Namespace;
        if (eventTime && _eventTimeTriggerOnly && _mergingAssigner is null)
        {
            // EventTimeTrigger without its virtual calls: it fires at the window's end, which is also the cleanup time
            // (no lateness); its Clear would delete that same timer, which has just fired.
            if (timer.Timestamp != window.MaxTimestamp) return;
            SetContentsWindow(window);
            Emit((TKey)timer.Key, window);
            _contents.Clear();
            _evaluatedWindow = window;
            _contents.ClearFunctionState(window, this);
            return;
        }
        _triggerContext.Window = window;
        MergingWindowSet<TWindow>? mergingWindows = null;
        if (_mergingAssigner is not null)
        {
            mergingWindows = new MergingWindowSet<TWindow>(_mergingAssigner.MergeWindows, _mergingSets!);
            // A timer of a window that was merged away and cleaned up; its trigger left the timer behind.
            if (mergingWindows.GetStateWindow(window) is not { } stateWindow) return;
            SetContentsWindow(stateWindow);
        }
        else
        {
            SetContentsWindow(window);
        }
        var result = eventTime ? _triggerContext.OnEventTime(timer.Timestamp) : _triggerContext.OnProcessingTime(timer.Timestamp);
        if (result.IsFire()) Emit((TKey)timer.Key, window);
        if (result.IsPurge()) _contents.Clear();
        // The cleanup timer is in the assigner's time domain.
        if (_isEventTime == eventTime && timer.Timestamp == CleanupTime(window)) ClearAllState(window, mergingWindows);
        mergingWindows?.Persist();
    }

    private void SetContentsWindow(TWindow window)
    {
        if (ReferenceEquals(window, _contentsWindow)) return;
        _contents.SetWindow(window);
        _contentsWindow = window;
    }

    private void Emit(TKey key, TWindow window)
    {
        _collector.Timestamp = window.MaxTimestamp;
        _evaluatedWindow = window;
        _contents.Emit(key, window, this, this, _collector);
    }

    private void ClearAllState(TWindow window, MergingWindowSet<TWindow>? mergingWindows)
    {
        _contents.Clear();
        _triggerContext.Clear();
        _evaluatedWindow = window;
        _contents.ClearFunctionState(window, this);
        if (mergingWindows is null) return;
        mergingWindows.RetireWindow(window);
        mergingWindows.Persist();
    }

    private bool IsWindowLate(TWindow window) => _isEventTime && CleanupTime(window) <= _timers.CurrentWatermark;

    private bool IsElementLate(StreamRecord<TIn> record) =>
        _isEventTime && record.Timestamp + _allowedLateness <= _timers.CurrentWatermark;

    /// <summary>When the window's state is dropped: its end plus the allowed lateness (never, on overflow).</summary>
    private long CleanupTime(TWindow window)
    {
        if (!_isEventTime) return window.MaxTimestamp;
        var cleanupTime = window.MaxTimestamp + _allowedLateness;
        return cleanupTime >= window.MaxTimestamp ? cleanupTime : long.MaxValue;
    }

    private void RegisterCleanupTimer(TWindow window)
    {
        var cleanupTime = CleanupTime(window);
        if (cleanupTime == long.MaxValue) return;
        if (_isEventTime) _timers.RegisterEventTimeTimer(window, cleanupTime);
        else _timers.RegisterProcessingTimeTimer(window, cleanupTime);
    }

    private void DeleteCleanupTimer(TWindow window)
    {
        var cleanupTime = CleanupTime(window);
        if (cleanupTime == long.MaxValue) return;
        if (_isEventTime) _timers.DeleteEventTimeTimer(window, cleanupTime);
        else _timers.DeleteProcessingTimeTimer(window, cleanupTime);
    }

    /// <summary>The trigger's view of the current key and window: clocks, timers, and state scoped to the window.</summary>
    private sealed class TriggerContext(WindowOperator<TKey, TIn, TOut, TWindow> op) : IOnMergeContext
    {
        private IReadOnlyCollection<TWindow> _mergedWindows = [];

        public TWindow Window { get; set; } = null!;

        public long CurrentProcessingTime => op._timers.CurrentProcessingTime;

        public long CurrentWatermark => op._timers.CurrentWatermark;

        public void RegisterProcessingTimeTimer(long time) => op._timers.RegisterProcessingTimeTimer(Window, time);

        public void RegisterEventTimeTimer(long time) => op._timers.RegisterEventTimeTimer(Window, time);

        public void DeleteProcessingTimeTimer(long time) => op._timers.DeleteProcessingTimeTimer(Window, time);

        public void DeleteEventTimeTimer(long time) => op._timers.DeleteEventTimeTimer(Window, time);

        public IValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) => op._keyed.Backend.GetValueState(descriptor, Window);

        public IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) => op._keyed.Backend.GetListState(descriptor, Window);

        public IMapState<TMapKey, TValue> GetMapState<TMapKey, TValue>(MapStateDescriptor<TMapKey, TValue> descriptor) where TMapKey : notnull =>
            op._keyed.Backend.GetMapState(descriptor, Window);

        public IReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) => op._keyed.Backend.GetReducingState(descriptor, Window);

        public IAggregatingState<TAggIn, TAggOut> GetAggregatingState<TAggIn, TAcc, TAggOut>(AggregatingStateDescriptor<TAggIn, TAcc, TAggOut> descriptor) =>
            op._keyed.Backend.GetAggregatingState(descriptor, Window);

        public void MergePartitionedState(StateDescriptor descriptor)
        {
            if (_mergedWindows.Count == 0) return;
            op._keyed.Backend.GetMergingState(descriptor, Window).MergeNamespaces(Window, _mergedWindows);
        }

        public TriggerResult OnElement(StreamRecord<TIn> record) => op._trigger.OnElement(record.Value, record.Timestamp, Window, this);

        public TriggerResult OnEventTime(long time) => op._trigger.OnEventTime(time, Window, this);

        public TriggerResult OnProcessingTime(long time) => op._trigger.OnProcessingTime(time, Window, this);

        public void OnMerge(IReadOnlyCollection<TWindow> mergedWindows)
        {
            _mergedWindows = mergedWindows;
            try
            {
                op._trigger.OnMerge(Window, this);
            }
            finally
            {
                _mergedWindows = [];
            }
        }

        public void Clear() => op._trigger.Clear(Window, this);
    }

    /// <summary>Keyed state scoped to one window, for ProcessWindowFunction's per-window state.</summary>
    private sealed class WindowStateStore(IInternalKeyedStateBackend backend) : IKeyedStateStore
    {
        private TWindow _window = null!;

        public WindowStateStore For(TWindow window)
        {
            _window = window;
            return this;
        }

        public IValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) => backend.GetValueState(descriptor, _window);

        public IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) => backend.GetListState(descriptor, _window);

        public IMapState<TMapKey, TValue> GetMapState<TMapKey, TValue>(MapStateDescriptor<TMapKey, TValue> descriptor) where TMapKey : notnull =>
            backend.GetMapState(descriptor, _window);

        public IReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) => backend.GetReducingState(descriptor, _window);

        public IAggregatingState<TAggIn, TAggOut> GetAggregatingState<TAggIn, TAcc, TAggOut>(AggregatingStateDescriptor<TAggIn, TAcc, TAggOut> descriptor) =>
            backend.GetAggregatingState(descriptor, _window);
    }
}
