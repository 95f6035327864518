using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Runtime.Tasks;

/// <summary>Polls the source reader; when it has nothing, waits for its availability future.</summary>
internal sealed class SourceInputProcessor(ISourceOperator source, InputSignal signal) : IInputProcessor
{
    private Task? _wait;

    public InputResult ProcessInput()
    {
        if (_wait is not null)
        {
            if (!_wait.IsCompleted) return InputResult.NothingAvailable;
            _wait = null;
        }
        switch (source.EmitNext())
        {
            case InputStatus.MoreAvailable:
                return InputResult.MoreAvailable;
            case InputStatus.EndOfInput:
                source.EmitEndOfInput();
                return InputResult.EndOfInput;
            default:
                var available = source.IsAvailable();
                if (available.IsCompleted) return InputResult.MoreAvailable;
                _wait = available;
                available.ContinueWith(static (_, s) => ((InputSignal)s!).Set(), signal, TaskContinuationOptions.ExecuteSynchronously);
                return InputResult.NothingAvailable;
        }
    }

    public void EndInputForDrain() => source.EmitEndOfInput();

    public bool IsAvailable => _wait is null || _wait.IsCompleted;
}
