using System.Security.Cryptography;

namespace Brook.Core.Ids;

/// <summary>16 bytes written as 32 lower-case hex characters, the form of Flink's AbstractID.</summary>
public static class HexId
{
    public const int HexLength = 32;

    public static string NewHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Accepts exactly 32 hex characters of either case, as Flink's parser does.</summary>
    public static bool TryNormalize(string? value, out string hex)
    {
        hex = "";
        if (value is null || value.Length != HexLength) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        hex = value.ToLowerInvariant();
        return true;
    }
}
