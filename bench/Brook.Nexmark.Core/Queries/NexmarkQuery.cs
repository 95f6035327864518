using Brook.Nexmark.Model;
using Brook.Streaming;

namespace Brook.Nexmark.Queries;

/// <summary>One query of the suite: its name, the SQL it implements and how it attaches to the event stream.</summary>
public sealed record NexmarkQuery(string Name, string Sql, Action<DataStream<Event>, IQueryOutput> Attach);

/// <summary>Receives a query's result stream (the runner attaches a blackhole sink, tests a collecting one).</summary>
public interface IQueryOutput
{
    void Consume<T>(DataStream<T> results);

    /// <summary>A directory for a query that writes its result to files (q10) instead of consuming it here.</summary>
    string WorkDirectory { get; }
}
