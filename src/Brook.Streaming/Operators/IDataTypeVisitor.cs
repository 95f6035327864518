namespace Brook.Streaming.Operators;

/// <summary>Called back with the element type as a type argument (see <see cref="DataType.Accept{TResult}"/>).</summary>
public interface IDataTypeVisitor<out TResult>
{
    TResult Visit<T>();
}
