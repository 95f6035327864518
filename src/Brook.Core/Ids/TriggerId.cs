namespace Brook.Core.Ids;

/// <summary>Identifies an asynchronous operation trigger: 32 hex characters.</summary>
public readonly record struct TriggerId(string Hex)
{
    public static TriggerId Generate() => new(HexId.NewHex());

    public static bool TryParse(string? value, out TriggerId id)
    {
        var ok = HexId.TryNormalize(value, out var hex);
        id = new TriggerId(hex);
        return ok;
    }

    public static TriggerId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a 32-character hexadecimal id.");

    public override string ToString() => Hex;
}
