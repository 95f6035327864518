namespace Brook.Streaming.Sinks.Files;

/// <summary>Writes one record into a row-format part file (Flink's Encoder).</summary>
public interface IEncoder<in T>
{
    void Encode(T element, Stream stream);
}
