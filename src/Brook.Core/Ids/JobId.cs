namespace Brook.Core.Ids;

/// <summary>Identifies a job: 32 hex characters.</summary>
public readonly record struct JobId(string Hex)
{
    public static JobId Generate() => new(HexId.NewHex());

    public static bool TryParse(string? value, out JobId id)
    {
        var ok = HexId.TryNormalize(value, out var hex);
        id = new JobId(hex);
        return ok;
    }

    public static JobId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a 32-character hexadecimal id.");

    public override string ToString() => Hex;
}
