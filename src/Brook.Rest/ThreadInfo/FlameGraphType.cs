namespace Brook.Rest.ThreadInfo;

/// <summary>Flink's FlameGraphTypeQueryParameter.Type (the contract's ThreadStates).</summary>
public enum FlameGraphType
{
    FULL,
    ON_CPU,
    OFF_CPU,
}
