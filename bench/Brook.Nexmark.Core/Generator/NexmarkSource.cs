using Brook.Nexmark.Model;
using Brook.Streaming.Sources;

namespace Brook.Nexmark.Generator;

/// <summary>
/// The Nexmark stream as a Brook source: one split per generator of <see cref="GeneratorConfig.Split"/>, split i
/// owned by subtask i. A checkpoint records each split's next event number, so a restore replays from there and the
/// events are the same (the generator is a pure function of the position).
/// </summary>
public sealed class NexmarkSource(GeneratorConfig config) : ISource<Event, NexmarkSplit>
{
    public GeneratorConfig Config { get; } = config;

    public Boundedness Boundedness => Boundedness.Bounded;

    public ISplitEnumerator<NexmarkSplit> CreateEnumerator(ISplitEnumeratorContext<NexmarkSplit> context)
    {
        // Generators share event time; a reader runs its splits one after the other, so more splits than readers would
        // start later splits far behind the watermark.
        if (context.CurrentParallelism != Config.NumEventGenerators)
            throw new InvalidOperationException(
                $"The Nexmark source has {Config.NumEventGenerators} generators but runs with parallelism {context.CurrentParallelism}; they must be equal.");
        var splits = Config.Split().Select((s, i) => new NexmarkSplit(i.ToString(System.Globalization.CultureInfo.InvariantCulture), s.FirstEventId, 0, s.Count));
        return new OwnedSplitEnumerator<NexmarkSplit>(context, splits);
    }

    public ISplitEnumerator<NexmarkSplit> RestoreEnumerator(ISplitEnumeratorContext<NexmarkSplit> context,
        IReadOnlyList<(int Subtask, NexmarkSplit Split)> checkpoint) => new OwnedSplitEnumerator<NexmarkSplit>(context, checkpoint);

    public ISourceReader<Event, NexmarkSplit> CreateReader(ISourceReaderContext context) => new NexmarkSourceReader(context, Config);
}
