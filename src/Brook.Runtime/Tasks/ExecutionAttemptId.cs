using Brook.Core.Ids;

namespace Brook.Runtime.Tasks;

/// <summary>Identifies one attempt of one subtask: 32 hex characters.</summary>
public readonly record struct ExecutionAttemptId(string Hex)
{
    public static ExecutionAttemptId Generate() => new(HexId.NewHex());

    public override string ToString() => Hex;
}
