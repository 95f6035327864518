namespace Brook.Streaming.Functions;

/// <summary>Marker of user functions (Flink's Function).</summary>
public interface IFunction
{
}
