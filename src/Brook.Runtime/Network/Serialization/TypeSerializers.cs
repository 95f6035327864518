namespace Brook.Runtime.Network.Serialization;

/// <summary>
/// The serializer of a record type, chosen once per type: fast paths for long, int, double, string and value tuples of
/// them; MessagePack for everything else.
/// </summary>
internal static class TypeSerializers
{
    public static TypeSerializer<T> For<T>() => Cache<T>.Instance;

    private static class Cache<T>
    {
        public static readonly TypeSerializer<T> Instance = (TypeSerializer<T>)(FastPath(typeof(T)) ?? new MessagePackTypeSerializer<T>());
    }

    private static object? FastPath(Type t)
    {
        if (t == typeof(long)) return new LongSerializer();
        if (t == typeof(int)) return new IntSerializer();
        if (t == typeof(double)) return new DoubleSerializer();
        if (t == typeof(string)) return new StringSerializer();
        if (!t.IsGenericType) return null;
        var def = t.GetGenericTypeDefinition();
        var args = t.GetGenericArguments();
        if (def != typeof(ValueTuple<,>) && def != typeof(ValueTuple<,,>)) return null;
        var fields = args.Select(FastPath).ToArray();
        if (fields.Any(f => f is null)) return null;
        var serializerType = (def == typeof(ValueTuple<,>) ? typeof(Tuple2Serializer<,>) : typeof(Tuple3Serializer<,,>)).MakeGenericType(args);
        return Activator.CreateInstance(serializerType, fields);
    }
}
