namespace Brook.Rest;

/// <summary>
/// A failure a handler reports with a status code (Flink's RestHandlerException). The error body carries
/// Flink's text for it: the Java exception class name, the message and the causes.
/// </summary>
public class RestHandlerException(string message, int status, Exception? cause = null) : Exception(message, cause)
{
    public int Status { get; } = status;

    /// <summary>The Java class Flink names in the error text, so clients matching on it keep working.</summary>
    public virtual string JavaClassName => "org.apache.flink.runtime.rest.handler.RestHandlerException";

    /// <summary>Flink's ExceptionUtils.stringifyException shape without the frames: "class: message" then "Caused by:" lines.</summary>
    public string ToWireText()
    {
        var text = new System.Text.StringBuilder().Append(JavaClassName).Append(": ").Append(Message);
        for (var cause = InnerException; cause is not null; cause = cause.InnerException)
        {
            var name = cause is RestHandlerException rhe ? rhe.JavaClassName
                : cause is HandlerRequestException hre ? hre.JavaClassName
                : cause.GetType().FullName;
            text.Append("\nCaused by: ").Append(name).Append(": ").Append(cause.Message);
        }
        return text.ToString();
    }
}

/// <summary>A 404 for a resource that does not exist (Flink's NotFoundException).</summary>
public sealed class NotFoundException(string message, Exception? cause = null) : RestHandlerException(message, 404, cause)
{
    public override string JavaClassName => "org.apache.flink.runtime.rest.NotFoundException";
}

/// <summary>A path or query parameter that cannot be parsed (Flink's HandlerRequestException).</summary>
public sealed class HandlerRequestException(string message) : Exception(message)
{
    public string JavaClassName => "org.apache.flink.runtime.rest.handler.HandlerRequestException";
}
