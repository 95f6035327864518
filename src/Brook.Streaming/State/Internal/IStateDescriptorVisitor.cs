namespace Brook.Streaming.State.Internal;

/// <summary>Lets the runtime create the state a descriptor describes with all its type parameters, without reflection.</summary>
internal interface IStateDescriptorVisitor<out TResult>
{
    TResult Visit<T>(ValueStateDescriptor<T> descriptor);

    TResult Visit<T>(ListStateDescriptor<T> descriptor);

    TResult Visit<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull;

    TResult Visit<T>(ReducingStateDescriptor<T> descriptor);

    TResult Visit<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor);
}
