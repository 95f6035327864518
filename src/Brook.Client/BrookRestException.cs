namespace Brook.Client;

/// <summary>A REST call that failed: the status and the server's <c>errors</c>.</summary>
public sealed class BrookRestException(int status, IReadOnlyList<string> errors)
    : Exception($"The REST call failed with status {status}: {(errors.Count > 0 ? errors[0].Split('\n')[0] : "no error text")}")
{
    public int Status { get; } = status;

    public IReadOnlyList<string> Errors { get; } = errors;
}
