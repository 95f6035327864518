namespace Brook.Core.FileSystem;

/// <summary>
/// Turns what a user writes for a checkpoint or savepoint location into a local path. Flink's configurations and REST
/// requests carry URIs (<c>file:///tmp/checkpoints</c>, <c>file:/tmp/sp</c>) as often as plain paths; Brook has the local
/// file system only, so another scheme (<c>s3://</c>, <c>hdfs://</c>) is refused with Flink's error instead of being
/// taken for a relative directory name.
/// </summary>
public static class LocalPath
{
    /// <summary>The absolute local path <paramref name="location"/> names; throws <see cref="ArgumentException"/> for another file system.</summary>
    public static string Resolve(string location)
    {
        var p = location.Trim();
        if (p.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            p = Uri.TryCreate(p, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : p["file:".Length..];
        }
        else if (SchemeOf(p) is { } scheme)
        {
            throw new ArgumentException($"Could not find a file system implementation for scheme '{scheme}'. The scheme is not directly supported by Brook, " +
                                        "which writes checkpoints and savepoints to a local or mounted file system path only.");
        }
        if (p.Length == 0) throw new ArgumentException("The path is empty.");
        return Path.GetFullPath(p);
    }

    /// <summary>The scheme of a <c>scheme://…</c> location (letters, digits, + - . after a letter), else null.</summary>
    private static string? SchemeOf(string p)
    {
        var colon = p.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(p[0])) return null;
        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(p[i]) && p[i] is not ('+' or '-' or '.')) return null;
        }
        return p[..colon];
    }
}
