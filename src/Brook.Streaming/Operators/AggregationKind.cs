using System.Numerics;
using System.Runtime.InteropServices;

namespace Brook.Streaming.Operators;

/// <summary>The aggregation of a field selector on a keyed stream.</summary>
public enum AggregationKind
{
    Sum,
    Min,
    Max,
}
