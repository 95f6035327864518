namespace Brook.Runtime.Diagnostics;

/// <summary>One frame of a sampled stack (Flink's and Java's StackTraceElement): the declaring type, the method and its module.</summary>
/// <param name="ClassName">The declaring type with its namespace ("Brook.Runtime.Tasks.StreamTask"); empty for unmanaged code.</param>
/// <param name="MethodName">The method without its signature, or <see cref="UnmanagedCode"/>.</param>
/// <param name="ModuleName">The assembly the method lives in; empty when unknown.</param>
public sealed record StackTraceElement(string ClassName, string MethodName, string ModuleName)
{
    /// <summary>Frames the runtime could not name: native code of the runtime, the OS or a P/Invoke target.</summary>
    public const string UnmanagedCode = "[unmanaged code]";

    public bool IsUnmanaged => ClassName.Length == 0;

    /// <summary>"Type.Method" (Flink's flame graph frame name, without a line number: samples carry none).</summary>
    public string QualifiedName => IsUnmanaged ? MethodName : ClassName + "." + MethodName;

    /// <summary>As Java's StackTraceElement.toString, the module standing where Java shows the source file.</summary>
    public override string ToString() => IsUnmanaged ? MethodName : $"{ClassName}.{MethodName}({(ModuleName.Length > 0 ? ModuleName : "Unknown Source")})";

    /// <summary>
    /// Parses a method name as the runtime's rundown events spell it ("Ns.Type+Nested.Method(int32,class System.String)",
    /// "Ns.Type`1[System.Int32]..ctor()") into type and method; the parameter list is dropped.
    /// </summary>
    public static StackTraceElement FromRuntimeName(string? fullMethodName, string? module)
    {
        if (string.IsNullOrEmpty(fullMethodName)) return new StackTraceElement("", UnmanagedCode, "");
        var name = fullMethodName;
        var paren = name.IndexOf('(');
        if (paren > 0) name = name[..paren];
        var dot = name.EndsWith("..ctor", StringComparison.Ordinal) || name.EndsWith("..cctor", StringComparison.Ordinal)
            ? name.LastIndexOf("..", StringComparison.Ordinal)
            : name.LastIndexOf('.');
        return dot <= 0
            ? new StackTraceElement("", name, module ?? "")
            : new StackTraceElement(name[..dot], name[(dot + 1)..], module ?? "");
    }
}
