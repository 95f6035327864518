namespace Brook.Runtime.ExecutionGraph;

/// <summary>
/// A failure that happened in another process (Flink's SerializedThrowable): its exception type is not loaded here (it
/// may live in the job's package), so the failure travels as text and this exception prints exactly as the original did,
/// under the original's type name in the REST views.
/// </summary>
public sealed class SerializedThrowable : Exception
{
    private readonly string _text;

    public SerializedThrowable(string originalClassName, string message, string text) : base(message)
    {
        OriginalClassName = originalClassName;
        _text = text;
    }

    /// <summary>The full name of the original exception's type.</summary>
    public string OriginalClassName { get; }

    /// <summary>The original's full text: type, message, stack trace and inner exceptions.</summary>
    public override string ToString() => _text;

    public override string? StackTrace => _text;

    /// <summary>The text form of <paramref name="e"/>; a <see cref="SerializedThrowable"/> passes on its original.</summary>
    public static (string ClassName, string Message, string Text) Describe(Exception e) => e is SerializedThrowable s
        ? (s.OriginalClassName, s.Message, s._text)
        : (e.GetType().FullName ?? e.GetType().Name, e.Message, e.ToString());
}
