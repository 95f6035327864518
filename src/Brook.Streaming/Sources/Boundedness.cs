namespace Brook.Streaming.Sources;

/// <summary>Whether a source ends (FLIP-27's Boundedness).</summary>
public enum Boundedness
{
    Bounded,
    ContinuousUnbounded,
}
