using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>
/// Fires when the delta between the element that last fired the window and a new element exceeds the
/// threshold (Flink's DeltaTrigger); the first element of a window only becomes the reference point.
/// </summary>
public sealed class DeltaTrigger<TData> : Trigger<Window>
{
    private readonly double _threshold;
    private readonly Func<TData, TData, double> _delta;
    private readonly ValueStateDescriptor<TData> _lastDescriptor = new("last-element");

    private DeltaTrigger(double threshold, Func<TData, TData, double> delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _threshold = threshold;
        _delta = delta;
    }

    public static DeltaTrigger<TData> Of(double threshold, Func<TData, TData, double> delta) => new(threshold, delta);

    public override TriggerResult OnElement<T>(T element, long timestamp, Window window, ITriggerContext context)
    {
        if (element is not TData data)
            throw new InvalidOperationException($"DeltaTrigger<{typeof(TData).Name}> cannot compare elements of type {typeof(T).Name}.");
        var last = context.GetState(_lastDescriptor);
        if (!last.TryGetValue(out var reference))
        {
            last.Update(data);
            return TriggerResult.Continue;
        }
        if (_delta(reference, data) <= _threshold) return TriggerResult.Continue;
        last.Update(data);
        return TriggerResult.Fire;
    }

    public override TriggerResult OnProcessingTime(long time, Window window, ITriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnEventTime(long time, Window window, ITriggerContext context) => TriggerResult.Continue;

    public override void Clear(Window window, ITriggerContext context) => context.GetState(_lastDescriptor).Clear();

    public override string ToString() => $"DeltaTrigger({_threshold})";
}
