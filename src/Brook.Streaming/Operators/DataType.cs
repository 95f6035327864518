namespace Brook.Streaming.Operators;

/// <summary>
/// The element type of a stream, kept in the plan. The runtime builds typed channels, outputs and writers
/// through <see cref="Accept{TResult}"/> (a generic visitor), so no reflection is needed on the data path.
/// </summary>
public abstract class DataType
{
    public abstract Type ClrType { get; }

    public abstract TResult Accept<TResult>(IDataTypeVisitor<TResult> visitor);

    public static DataType Of<T>() => DataType<T>.Instance;

    public override string ToString() => ClrType.Name;
}

public sealed class DataType<T> : DataType
{
    public static readonly DataType<T> Instance = new();

    private DataType()
    {
    }

    public override Type ClrType => typeof(T);

    public override TResult Accept<TResult>(IDataTypeVisitor<TResult> visitor) => visitor.Visit<T>();
}
