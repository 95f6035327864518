namespace Brook.Core.Configuration;

/// <summary>
/// Flink's rule for configuration values that must not be shown (GlobalConfiguration.isSensitive): a key whose
/// lower-cased text contains one of these fragments has its value replaced by <see cref="HiddenContent"/> wherever
/// it is rendered: REST responses, the process's arguments and the log.
/// </summary>
public static class SensitiveKeys
{
    /// <summary>What Flink shows instead of a sensitive value.</summary>
    public const string HiddenContent = "******";

    /// <summary>Flink 2.x's SENSITIVE_KEYS, in its order.</summary>
    public static readonly IReadOnlyList<string> Fragments =
    [
        "password", "secret", "fs.azure.account.key", "apikey", "api-key", "auth-params", "service-key", "token",
        "basic-auth", "jaas.config", "http-headers",
    ];

    public static bool IsSensitive(string key) => Fragments.Any(f => key.Contains(f, StringComparison.OrdinalIgnoreCase));

    /// <summary>The value as it may be shown: itself, or <see cref="HiddenContent"/> when the key is sensitive.</summary>
    public static string Mask(string key, string value) => IsSensitive(key) ? HiddenContent : value;

    public static IReadOnlyList<KeyValuePair<string, string>> Mask(IEnumerable<KeyValuePair<string, string>> entries) =>
        entries.Select(e => KeyValuePair.Create(e.Key, Mask(e.Key, e.Value))).ToList();

    /// <summary>
    /// A process's command line as it may be shown: the value of a <c>key=value</c> argument (with or without
    /// <c>-D</c>) whose key is sensitive, and the argument after a sensitive option without a value (<c>--password x</c>).
    /// </summary>
    public static IReadOnlyList<string> MaskArguments(IEnumerable<string> arguments)
    {
        var result = new List<string>();
        var hideNext = false;
        foreach (var argument in arguments)
        {
            if (hideNext && !argument.StartsWith('-'))
            {
                result.Add(HiddenContent);
                hideNext = false;
                continue;
            }
            var eq = argument.IndexOf('=');
            if (eq > 0)
            {
                result.Add(argument[..(eq + 1)] + Mask(argument[..eq], argument[(eq + 1)..]));
                hideNext = false;
            }
            else
            {
                result.Add(argument);
                hideNext = argument.StartsWith('-') && IsSensitive(argument);
            }
        }
        return result;
    }
}
