namespace Brook.Core.Ids;

/// <summary>Identifies an operator inside a chained job vertex: 32 hex characters.</summary>
public readonly record struct OperatorId(string Hex)
{
    public static OperatorId Generate() => new(HexId.NewHex());

    public static bool TryParse(string? value, out OperatorId id)
    {
        var ok = HexId.TryNormalize(value, out var hex);
        id = new OperatorId(hex);
        return ok;
    }

    public static OperatorId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a 32-character hexadecimal id.");

    public override string ToString() => Hex;
}
