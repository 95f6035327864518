using System.Reflection;

namespace Brook.Streaming.Functions;

/// <summary>
/// Gives each subtask its own copy of a rich or checkpointed function or sink (a shallow MemberwiseClone), close to
/// Flink where every subtask deserializes its own instance, so fields such as counters are per subtask. The copy is
/// shallow on purpose (user types need not be serializable): referenced objects stay shared, as IRichFunction and
/// docs/jobs.md tell users. Plain functions, sinks and lambdas are shared: they carry no per-subtask lifecycle.
/// </summary>
internal static class FunctionCopier
{
    private static readonly Func<object, object> Clone =
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!
            .CreateDelegate<Func<object, object>>();

    public static T ForSubtask<T>(T function) where T : class =>
        function is IRichFunction or ICheckpointedFunction ? (T)Clone(function) : function;
}
