namespace Brook.Rest.Routing;

/// <summary>Netty's QueryStringDecoder.decodeComponent: '%xx' sequences as UTF-8 and '+' as a space.</summary>
public static class UrlDecoding
{
    public static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    /// <summary>Parses a query string into keys with all their values, in order.</summary>
    public static Dictionary<string, List<string>> ParseQuery(string query)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (!result.TryGetValue(key, out var values)) result[key] = values = [];
            values.Add(value);
        }
        return result;
    }
}
