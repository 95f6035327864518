namespace Brook.Core.Ids;

/// <summary>Identifies a TaskManager (Flink's ResourceID as served by the REST API): 32 hex characters.</summary>
public readonly record struct ResourceId(string Hex)
{
    public static ResourceId Generate() => new(HexId.NewHex());

    public static bool TryParse(string? value, out ResourceId id)
    {
        var ok = HexId.TryNormalize(value, out var hex);
        id = new ResourceId(hex);
        return ok;
    }

    public static ResourceId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a 32-character hexadecimal id.");

    public override string ToString() => Hex;
}
