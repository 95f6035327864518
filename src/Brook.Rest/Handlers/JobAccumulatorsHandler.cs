using System.Text.Json;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.ExecutionGraph;

namespace Brook.Rest.Handlers;

/// <summary>The accumulator views of a job, its vertices, subtasks and attempts.</summary>
public static class JobAccumulatorsHandler
{
    public static JobAccumulatorsInfo Job(ExecutionGraphInfo info, bool includeSerializedValue)
    {
        var g = info.Graph;
        var user = g.Accumulators.OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => new UserAccumulator(a.Name, a.Type, JobViewFormat.ValueText(a.Value))).ToList();
        return new JobAccumulatorsInfo([], user, includeSerializedValue ? Serialized(g.Accumulators) : new Dictionary<string, string>());
    }

    /// <summary>A .NET value cannot travel as a Java-serialized object: each value is base64 of its UTF-8 JSON.</summary>
    public static IReadOnlyDictionary<string, string> Serialized(IReadOnlyList<ArchivedAccumulator> accumulators) =>
        accumulators.ToDictionary(a => a.Name, a => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(ToJson(a.Value), AccumulatorJsonContext.Default.JsonElement)),
            StringComparer.Ordinal);

    /// <summary>The vertex's accumulators merged over its subtasks: numbers add up; other values are listed per subtask.</summary>
    public static JobVertexAccumulatorsInfo Vertex(ArchivedExecutionJobVertex vertex)
    {
        var merged = vertex.Subtasks.SelectMany(s => s.CurrentExecution.Accumulators).GroupBy(a => a.Name)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => new UserAccumulator(x.Key, x.First().Type, JobViewFormat.ValueText(Merge(x.Select(a => a.Value).ToList())))).ToList();
        return new JobVertexAccumulatorsInfo(vertex.Id.Hex, merged);
    }

    public static SubtasksAllAccumulatorsInfo Subtasks(ArchivedExecutionJobVertex vertex) =>
        new(vertex.Id.Hex, vertex.Parallelism, vertex.Subtasks.Select(s => new SubtaskAccumulatorsInfo(
            s.SubtaskIndex, s.CurrentExecution.AttemptNumber, JobViewFormat.Endpoint(s.CurrentExecution), JobViewFormat.Accumulators(s.CurrentExecution))).ToList());

    public static SubtaskExecutionAttemptAccumulatorsInfo Attempt(int subtask, ArchivedExecution attempt) =>
        new(subtask, attempt.AttemptNumber, attempt.AttemptId.Hex, JobViewFormat.Accumulators(attempt));

    private static object Merge(IReadOnlyList<object> values) => values switch
    {
        [var single] => single,
        _ when values.All(v => v is long or int) => values.Sum(Convert.ToInt64),
        _ when values.All(v => v is double or float or long or int) => values.Sum(Convert.ToDouble),
        _ => values,
    };

    private static JsonElement ToJson(object value) => value switch
    {
        long l => JsonSerializer.SerializeToElement(l, AccumulatorJsonContext.Default.Int64),
        int i => JsonSerializer.SerializeToElement(i, AccumulatorJsonContext.Default.Int32),
        double d => JsonSerializer.SerializeToElement(d, AccumulatorJsonContext.Default.Double),
        string s => JsonSerializer.SerializeToElement(s, AccumulatorJsonContext.Default.String),
        _ => JsonSerializer.SerializeToElement(JobViewFormat.ValueText(value), AccumulatorJsonContext.Default.String),
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
[System.Text.Json.Serialization.JsonSerializable(typeof(long))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(double))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class AccumulatorJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
