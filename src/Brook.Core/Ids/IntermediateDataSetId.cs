namespace Brook.Core.Ids;

/// <summary>Identifies an intermediate data set (a result partition of a job vertex): 32 hex characters.</summary>
public readonly record struct IntermediateDataSetId(string Hex)
{
    public static IntermediateDataSetId Generate() => new(HexId.NewHex());

    public static bool TryParse(string? value, out IntermediateDataSetId id)
    {
        var ok = HexId.TryNormalize(value, out var hex);
        id = new IntermediateDataSetId(hex);
        return ok;
    }

    public static IntermediateDataSetId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a 32-character hexadecimal id.");

    public override string ToString() => Hex;
}
