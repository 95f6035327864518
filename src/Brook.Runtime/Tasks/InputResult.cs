using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>The outcome of one unit of input work.</summary>
internal enum InputResult
{
    MoreAvailable,
    NothingAvailable,
    EndOfInput,
}
