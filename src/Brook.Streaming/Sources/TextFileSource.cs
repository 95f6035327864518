namespace Brook.Streaming.Sources;

/// <summary>The lines of a file, or of each file in a directory (one split per file, assigned on request).</summary>
public sealed class TextFileSource(string path) : ISource<string, FileSplit>
{
    public string Path { get; } = path;

    public Boundedness Boundedness => Boundedness.Bounded;

    public ISplitEnumerator<FileSplit> CreateEnumerator(ISplitEnumeratorContext<FileSplit> context)
    {
        string[] files;
        if (Directory.Exists(Path)) files = Directory.GetFiles(Path).Order(StringComparer.Ordinal).ToArray();
        else if (File.Exists(Path)) files = [Path];
        else throw new FileNotFoundException($"The text file source path '{Path}' does not exist.", Path);
        return new StaticSplitEnumerator<FileSplit>(context, files.Select(f => new FileSplit(f, f)));
    }

    public ISplitEnumerator<FileSplit> RestoreEnumerator(ISplitEnumeratorContext<FileSplit> context, IReadOnlyList<(int Subtask, FileSplit Split)> checkpoint) =>
        new StaticSplitEnumerator<FileSplit>(context, checkpoint.Select(c => c.Split));

    public ISourceReader<string, FileSplit> CreateReader(ISourceReaderContext context) => new TextFileReader(context);

    private sealed class TextFileReader(ISourceReaderContext context) : ISourceReader<string, FileSplit>
    {
        private const int MaxPerPoll = 256;
        private readonly ReaderSplitQueue<FileSplit> _splits = new(context);
        private StreamReader? _current;
        private FileSplit? _currentSplit;
        private long _linesRead;

        public void Start() => _splits.Start();

        public InputStatus PollNext(ISourceOutput<string> output)
        {
            if (_current is null)
            {
                if (!_splits.TryNext(out var split, out var status)) return status;
                _current = new StreamReader(split.Path);
                _currentSplit = split;
                _linesRead = 0;
                for (; _linesRead < split.RecordsToSkip && _current.ReadLine() is not null; _linesRead++)
                {
                }
            }
            for (var i = 0; i < MaxPerPoll; i++)
            {
                var line = _current.ReadLine();
                if (line is null)
                {
                    _current.Dispose();
                    _current = null;
                    _currentSplit = null;
                    break;
                }
                _linesRead++;
                output.Collect(line);
            }
            return InputStatus.MoreAvailable;
        }

        public Task IsAvailable() => _splits.IsAvailable(_current is not null);

        public void AddSplits(IReadOnlyList<FileSplit> splits) => _splits.Add(splits);

        public void NotifyNoMoreSplits() => _splits.NotifyNoMoreSplits();

        public IReadOnlyList<FileSplit> SnapshotState(long checkpointId) =>
            (_currentSplit is { } current ? [current with { RecordsToSkip = _linesRead }] : Array.Empty<FileSplit>()).Concat(_splits.Pending).ToList();

        public void Dispose() => _current?.Dispose();
    }
}
