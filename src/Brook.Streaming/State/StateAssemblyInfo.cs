using System.Runtime.CompilerServices;

// The state/windowing test project and benchmark are separate from Brook.Streaming.Tests and Brook.Benchmarks.
[assembly: InternalsVisibleTo("Brook.State.Tests")]
[assembly: InternalsVisibleTo("Brook.StateBench")]
