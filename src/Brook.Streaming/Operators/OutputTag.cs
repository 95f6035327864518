namespace Brook.Streaming.Operators;

/// <summary>Names a side output and fixes its type, as Flink's OutputTag.</summary>
public sealed class OutputTag<T>(string id) : IOutputTag
{
    public string Id { get; } = string.IsNullOrEmpty(id) ? throw new ArgumentException("An OutputTag needs a non-empty id.", nameof(id)) : id;

    public Type ElementType => typeof(T);

    DataType IOutputTag.DataType => DataType.Of<T>();

    public override bool Equals(object? obj) => obj is OutputTag<T> o && o.Id == Id;

    public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => $"OutputTag({typeof(T).Name}, {Id})";
}
