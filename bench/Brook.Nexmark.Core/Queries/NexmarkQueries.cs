namespace Brook.Nexmark.Queries;

/// <summary>The queries Brook implements: all of Nexmark's q0–q22 but q6's SQL frame (see <see cref="Query6"/>); see docs/nexmark.md.</summary>
public static class NexmarkQueries
{
    public static IReadOnlyList<NexmarkQuery> All { get; } =
    [
        new("q0", Query0.Sql, (e, o) => o.Consume(Query0.Build(e))),
        new("q1", Query1.Sql, (e, o) => o.Consume(Query1.Build(e))),
        new("q2", Query2.Sql, (e, o) => o.Consume(Query2.Build(e))),
        new("q3", Query3.Sql, (e, o) => o.Consume(Query3.Build(e))),
        new("q4", Query4.Sql, (e, o) => o.Consume(Query4.Build(e))),
        new("q5", Query5.Sql, (e, o) => o.Consume(Query5.Build(e))),
        new("q6", Query6.Sql, (e, o) => o.Consume(Query6.Build(e))),
        new("q7", Query7.Sql, (e, o) => o.Consume(Query7.Build(e))),
        new("q8", Query8.Sql, (e, o) => o.Consume(Query8.Build(e))),
        new("q9", Query9.Sql, (e, o) => o.Consume(Query9.Build(e))),
        new("q10", Query10.Sql, (e, o) => Query10.Build(e).SinkTo(Query10.Sink(o.WorkDirectory), "FileSink")),
        new("q11", Query11.Sql, (e, o) => o.Consume(Query11.Build(e))),
        new("q12", Query12.Sql, (e, o) => o.Consume(Query12.Build(e))),
        new("q13", Query13.Sql, (e, o) => o.Consume(Query13.Build(e))),
        new("q14", Query14.Sql, (e, o) => o.Consume(Query14.Build(e))),
        new("q15", Query15.Sql, (e, o) => o.Consume(Query15.Build(e))),
        new("q16", Query16.Sql, (e, o) => o.Consume(Query16.Build(e))),
        new("q17", Query17.Sql, (e, o) => o.Consume(Query17.Build(e))),
        new("q18", Query18.Sql, (e, o) => o.Consume(Query18.Build(e))),
        new("q19", Query19.Sql, (e, o) => o.Consume(Query19.Build(e))),
        new("q20", Query20.Sql, (e, o) => o.Consume(Query20.Build(e))),
        new("q21", Query21.Sql, (e, o) => o.Consume(Query21.Build(e))),
        new("q22", Query22.Sql, (e, o) => o.Consume(Query22.Build(e))),
    ];

    public static NexmarkQuery Get(string name) =>
        All.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown query '{name}'. Known: {string.Join(", ", All.Select(q => q.Name))}.", nameof(name));
}
