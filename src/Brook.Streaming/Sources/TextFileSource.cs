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

    public ISourceReader<string, FileSplit> CreateReader(ISourceReaderContext context) => new TextFileReader(context);

    private sealed class TextFileReader(ISourceReaderContext context) : ISourceReader<string, FileSplit>
    {
        private const int MaxPerPoll = 256;
        private readonly Queue<FileSplit> _splits = new();
        private StreamReader? _current;
        private bool _requested;
        private bool _noMoreSplits;
        private TaskCompletionSource? _available;

        public void Start()
        {
            _requested = true;
            context.SendSplitRequest();
        }

        public InputStatus PollNext(ISourceOutput<string> output)
        {
            if (_current is null)
            {
                if (_splits.TryDequeue(out var split))
                {
                    _current = new StreamReader(split.Path);
                }
                else if (_noMoreSplits)
                {
                    return InputStatus.EndOfInput;
                }
                else
                {
                    if (!_requested)
                    {
                        _requested = true;
                        context.SendSplitRequest();
                    }
                    return InputStatus.NothingAvailable;
                }
            }
            for (var i = 0; i < MaxPerPoll; i++)
            {
                var line = _current.ReadLine();
                if (line is null)
                {
                    _current.Dispose();
                    _current = null;
                    break;
                }
                output.Collect(line);
            }
            return InputStatus.MoreAvailable;
        }

        public Task IsAvailable()
        {
            if (_current is not null || _splits.Count > 0 || _noMoreSplits) return Task.CompletedTask;
            _available ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _available.Task;
        }

        public void AddSplits(IReadOnlyList<FileSplit> splits)
        {
            foreach (var s in splits) _splits.Enqueue(s);
            _requested = false;
            Signal();
        }

        public void NotifyNoMoreSplits()
        {
            _noMoreSplits = true;
            Signal();
        }

        private void Signal()
        {
            var a = _available;
            _available = null;
            a?.TrySetResult();
        }

        public void Dispose() => _current?.Dispose();
    }
}
