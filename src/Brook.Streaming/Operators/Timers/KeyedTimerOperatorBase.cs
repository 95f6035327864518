using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Timers;

/// <summary>
/// The lifecycle keyed operators with a user function and timers share: keyed state, an internal timer
/// service, the function's keyed runtime context, and making a fired timer's key current before it is handled.
/// </summary>
internal abstract class KeyedTimerOperatorBase<TKey, TNamespace, TFunction, TOut>(TFunction function, string operatorName, string timerServiceName)
    : AbstractStreamOperator<TOut>, ITriggerable<TNamespace>
    where TNamespace : notnull
    where TFunction : RichFunction
{
    protected TFunction Function { get; } = function;

    protected KeyedStateHandle<TKey> Keyed { get; private set; } = null!;

    protected IInternalTimerService<TNamespace> Timers { get; private set; } = null!;

    protected TimestampedCollector<TOut> Collector { get; private set; } = null!;

    public override void Open()
    {
        Keyed = KeyedStateHandle<TKey>.Create(Parameters, operatorName);
        Timers = Keyed.Backend.GetInternalTimerService(timerServiceName, this, ProcessingTimeService);
        Collector = new TimestampedCollector<TOut>(Output);
        OpenOperator();
        var context = new KeyedRuntimeContext(RuntimeContext, Keyed.Backend);
        Function.RuntimeContext = context;
        InitializeFunctionState(Function, operatorName, context);
        Function.Open();
    }

    public override void Close()
    {
        try
        {
            Function.Close();
        }
        finally
        {
            Keyed?.Dispose();
        }
    }

    public void OnEventTime(InternalTimer<TNamespace> timer)
    {
        Keyed.SetCurrentKeyFromTimer(timer.Key);
        Collector.Timestamp = timer.Timestamp;
        OnTimer(timer, timer.Timestamp, TimeDomain.EventTime);
    }

    public void OnProcessingTime(InternalTimer<TNamespace> timer)
    {
        Keyed.SetCurrentKeyFromTimer(timer.Key);
        // Processing-time firings carry no event time, as in Flink.
        Collector.Timestamp = StreamRecord.NoTimestamp;
        OnTimer(timer, StreamRecord.NoTimestamp, TimeDomain.ProcessingTime);
    }

    /// <summary>Creates what the operator needs once keyed state and timers exist, before the function opens.</summary>
    protected abstract void OpenOperator();

    /// <summary>A timer fired; its key is current and the collector stamps <paramref name="timestamp"/>.</summary>
    protected abstract void OnTimer(InternalTimer<TNamespace> timer, long timestamp, TimeDomain domain);
}
