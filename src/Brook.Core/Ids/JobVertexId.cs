namespace Brook.Core.Ids;

/// <summary>Identifies a job vertex: 32 hex characters.</summary>
public readonly record struct JobVertexId(string Hex)
{
    public static JobVertexId Generate() => new(HexId.NewHex());

    public static bool TryParse(string? value, out JobVertexId id)
    {
        var ok = HexId.TryNormalize(value, out var hex);
        id = new JobVertexId(hex);
        return ok;
    }

    public static JobVertexId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a 32-character hexadecimal id.");

    public override string ToString() => Hex;
}
