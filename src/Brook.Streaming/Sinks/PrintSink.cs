namespace Brook.Streaming.Sinks;

/// <summary>
/// Prints each record's ToString() to standard out (or error), as Flink's print(): with parallelism above
/// 1 each line is prefixed "{subtask+1}> " (after an optional sink identifier). At-least-once: lines are
/// printed as records arrive, so after a restart from a checkpoint the records processed since that checkpoint
/// are printed again. Exactly-once output needs a two-phase-commit sink such as the FileSink.
/// </summary>
public sealed class PrintSink<T>(string? sinkIdentifier = null, bool stdErr = false, TextWriter? target = null) : ISink<T>
{
    public string Name => stdErr ? "Print to Std. Err" : "Print to Std. Out";

    public ISinkWriter<T> CreateWriter(ISinkWriterContext context)
    {
        var prefix = context.NumberOfParallelSubtasks > 1
            ? (sinkIdentifier is null ? "" : sinkIdentifier + ":") + (context.SubtaskIndex + 1) + "> "
            : sinkIdentifier is null ? "" : sinkIdentifier + "> ";
        return new Writer(target ?? (stdErr ? Console.Error : TaskStdout.Out), prefix);
    }

    private sealed class Writer(TextWriter target, string prefix) : ISinkWriter<T>
    {
        public void Write(T value, SinkRecordContext context)
        {
            var line = prefix + value;
            // Console writers are synchronized; one WriteLine per record keeps lines whole across subtasks.
            target.WriteLine(line);
        }

        public void Flush(bool endOfInput) => target.Flush();

        public void Dispose() => target.Flush();
    }
}
