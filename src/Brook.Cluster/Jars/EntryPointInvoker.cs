using System.Reflection;
using Brook.Streaming.Execution;

namespace Brook.Cluster.Jars;

/// <summary>
/// Runs a job program's static <c>Main</c> on a thread of its own. The caller waits for it up to a bound; a
/// thread cannot be aborted in .NET, so a program that outlives the bound is left to end on its own as a
/// background thread (and its package stays loaded until it does).
/// </summary>
internal static class EntryPointInvoker
{
    public static MethodInfo FindMain(Assembly assembly, string? entryClass)
    {
        if (entryClass is null or "")
            return assembly.EntryPoint ?? throw new InvalidJobPackageException($"The assembly {assembly.GetName().Name} has no entry point.");
        var type = assembly.GetType(entryClass, throwOnError: false)
            ?? throw new InvalidJobPackageException($"The entry class '{entryClass}' was not found in {assembly.GetName().Name}.");
        return type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                   .Where(m => m.Name is "Main" or "<Main>$")
                   .OrderBy(m => m.GetParameters().Length == 1 ? 0 : 1)
                   .FirstOrDefault(m => m.GetParameters().Length == 0 || (m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == typeof(string[])))
               ?? throw new InvalidJobPackageException($"The entry class '{entryClass}' has no static Main() or Main(string[]) method.");
    }

    /// <summary>
    /// Invokes Main with the context installed (plan mode or run mode, see <see cref="StreamContextEnvironment"/>);
    /// <paramref name="ended"/> runs on the program's thread when Main has ended, however it ended.
    /// </summary>
    public static Task InvokeAsync(MethodInfo main, string[] args, StreamContext context, Action ended) =>
        InvokeAsync(main, args, body => () =>
        {
            try
            {
                using var _ = StreamContextEnvironment.Install(context);
                body();
            }
            finally
            {
                ended();
            }
        });

    /// <summary>Invokes Main; the task completes when Main (and the task it returns) has ended, with its exception unwrapped.</summary>
    public static Task InvokeAsync(MethodInfo main, string[] args, Func<Action, Action> wrap)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var body = wrap(() =>
        {
            try
            {
                var result = main.Invoke(null, main.GetParameters().Length == 1 ? [args] : []);
                if (result is Task t) t.GetAwaiter().GetResult();
                done.TrySetResult();
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                done.TrySetException(e.InnerException);
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        var thread = new Thread(() => body()) { IsBackground = true, Name = $"job-main-{main.DeclaringType?.Name}" };
        thread.Start();
        return done.Task;
    }
}
