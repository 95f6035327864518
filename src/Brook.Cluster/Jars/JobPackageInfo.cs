namespace Brook.Cluster.Jars;

/// <summary>What inspection found in a job package without loading any of its code.</summary>
/// <param name="EntryAssembly">File name (inside the package) of the program assembly.</param>
/// <param name="EntryClass">The type declaring the program's entry point (for top-level statements, <c>Program</c>).</param>
/// <param name="MainClasses">Every type in the program assembly with a static <c>Main</c>, usable as <c>entry-class</c>.</param>
public sealed record JobPackageInfo(string EntryAssembly, string EntryClass, IReadOnlyList<string> MainClasses);
