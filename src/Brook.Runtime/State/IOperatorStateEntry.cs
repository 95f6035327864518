namespace Brook.Runtime.State;

/// <summary>A registered operator state, written as a list of independently serialized elements so it can be split without its types.</summary>
internal interface IOperatorStateEntry
{
    string Name { get; }

    OperatorStateDistributionMode Mode { get; }

    IReadOnlyList<byte[]> SerializeElements();

    void RestoreElements(IEnumerable<byte[]> elements);
}
