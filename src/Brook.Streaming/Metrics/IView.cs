namespace Brook.Streaming.Metrics;

/// <summary>
/// A metric that is updated at a fixed interval (Flink's View): the metric system calls <see cref="Update"/> every
/// <see cref="UpdateIntervalSeconds"/> seconds from its own timer, not from the task thread.
/// </summary>
public interface IView
{
    public const int UpdateIntervalSeconds = 5;

    void Update();
}
