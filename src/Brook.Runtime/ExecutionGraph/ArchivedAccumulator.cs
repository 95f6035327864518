using Brook.Streaming.Accumulators;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>A user accumulator as REST shows it: name, type (e.g. "LongCounter") and current value.</summary>
public sealed record ArchivedAccumulator(string Name, string Type, object Value)
{
    internal static IReadOnlyList<ArchivedAccumulator> From(IReadOnlyDictionary<string, IAccumulator>? accumulators) =>
        accumulators is null
            ? []
            : accumulators.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ArchivedAccumulator(kv.Key, kv.Value.GetType().Name, kv.Value.LocalValue)).ToList();
}
