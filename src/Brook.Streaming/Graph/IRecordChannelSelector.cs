namespace Brook.Streaming.Graph;

/// <summary>Chooses the target subtask of one record.</summary>
public interface IRecordChannelSelector<T>
{
    int SelectChannel(T value, int numberOfChannels);
}
