using System.Globalization;
using Brook.Core.Ids;

namespace Brook.Rest.Routing;

/// <summary>The path and query parameters of Flink's REST API with the parsers of their values.</summary>
public static class RestParameters
{
    public static readonly PathParameterSpec JobIdPath = new("jobid", typeof(JobId), s => JobId.Parse(s),
        "32-character hexadecimal string value that identifies a job.");

    public static readonly PathParameterSpec TaskManagerIdPath = new("taskmanagerid", typeof(ResourceId), s => ResourceId.Parse(s),
        "32-character hexadecimal string that identifies a task manager.");

    public static readonly PathParameterSpec TriggerIdPath = new("triggerid", typeof(TriggerId), s => TriggerId.Parse(s),
        "32-character hexadecimal string that identifies an asynchronous operation trigger ID. The ID was returned then the operation was triggered.");

    public static readonly PathParameterSpec DataSetIdPath = new("datasetid", typeof(IntermediateDataSetId), s => IntermediateDataSetId.Parse(s),
        "32-character hexadecimal string value that identifies a cluster data set.");

    public static readonly PathParameterSpec LogFileNamePath = new("filename", typeof(string), s => s,
        "String value that identifies the file name from which to read.");

    public static readonly PathParameterSpec CheckpointIdPath = new("checkpointid", typeof(long),
        s => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), "Long value that identifies a checkpoint.");

    public static QueryParameterSpec Int(string name, string description) =>
        new(name, typeof(int), s => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), description);

    public static QueryParameterSpec String(string name, string description) => new(name, typeof(string), s => s, description);

    public static QueryParameterSpec JobIdList(string name, string description) => new(name, typeof(JobId), s => JobId.Parse(s), description);

    /// <summary>Flink parses enum query values with <c>valueOf(value.toUpperCase())</c>: the names are upper-case Java constants.</summary>
    public static QueryParameterSpec Enum<TEnum>(string name, string description, Func<TEnum, string> wireName) where TEnum : struct, System.Enum =>
        new(name, typeof(TEnum), s =>
        {
            var upper = s.ToUpperInvariant();
            foreach (var v in System.Enum.GetValues<TEnum>())
            {
                if (wireName(v) == upper) return v;
            }
            throw new FormatException($"No enum constant {typeof(TEnum).Name}.{upper}");
        }, description);
}
