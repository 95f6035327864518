using Brook.Streaming.State;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>Operator list state (split or union redistribution) of one subtask.</summary>
internal sealed class PartitionableListState<T>(string name, OperatorStateDistributionMode mode) : IListState<T>, IOperatorStateEntry
{
    private readonly List<T> _elements = [];

    public string Name { get; } = name;

    public OperatorStateDistributionMode Mode { get; } = mode;

    public IEnumerable<T> Get() => _elements.ToArray();

    public bool TryGet(out IEnumerable<T> values)
    {
        values = _elements.ToArray();
        return _elements.Count > 0;
    }

    public void Add(T value) => _elements.Add(value);

    public void AddAll(IEnumerable<T> values) => _elements.AddRange(values);

    public void Update(IEnumerable<T> values)
    {
        var copy = values.ToList();
        _elements.Clear();
        _elements.AddRange(copy);
    }

    public void Clear() => _elements.Clear();

    public IReadOnlyList<byte[]> SerializeElements() =>
        _elements.Select(e => MessagePackSerializer.Serialize(e, StateSerialization.Options)).ToList();

    public void RestoreElements(IEnumerable<byte[]> elements) =>
        _elements.AddRange(elements.Select(e => MessagePackSerializer.Deserialize<T>(e, StateSerialization.Options)));
}
