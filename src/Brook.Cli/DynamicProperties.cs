namespace Brook.Cli;

/// <summary>Flink's <c>-Dkey=value</c> form: split into <c>-D key=value</c> so the option parser sees an option and its value.</summary>
internal static class DynamicProperties
{
    public const string OptionName = "-D";

    public static string[] SplitTokens(IEnumerable<string> args)
    {
        var result = new List<string>();
        foreach (var a in args)
        {
            if (a.StartsWith(OptionName, StringComparison.Ordinal) && a.Length > 2 && a[2] != '-')
            {
                result.Add(OptionName);
                result.Add(a[2..]);
            }
            else
            {
                result.Add(a);
            }
        }
        return [.. result];
    }
}
