namespace Brook.Streaming.Windowing;

/// <summary>What an assigner may ask the runtime when assigning windows.</summary>
public interface IWindowAssignerContext
{
    /// <summary>The current processing time (epoch ms), for processing-time assigners.</summary>
    long CurrentProcessingTime { get; }
}
