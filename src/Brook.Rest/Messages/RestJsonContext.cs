using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>
/// Source-generated JSON metadata of every REST body. Nulls are written (Flink's strict mapper writes them
/// unless a class opts out); unknown fields in requests are ignored, as Flink does since 1.20.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorResponseBody))]
[JsonSerializable(typeof(MetricCollectionResponseBody))]
[JsonSerializable(typeof(EmptyRequestBody))]
[JsonSerializable(typeof(EmptyResponseBody))]
[JsonSerializable(typeof(DashboardConfiguration))]
[JsonSerializable(typeof(ClusterOverviewWithVersion))]
[JsonSerializable(typeof(JobIdsWithStatusOverview))]
[JsonSerializable(typeof(MultipleJobsDetails))]
[JsonSerializable(typeof(IReadOnlyList<ConfigurationInfoEntry>))]
[JsonSerializable(typeof(EnvironmentInfo))]
[JsonSerializable(typeof(LogListInfo))]
[JsonSerializable(typeof(TaskManagersInfo))]
[JsonSerializable(typeof(TaskManagerDetailsInfo))]
[JsonSerializable(typeof(TriggerResponse))]
[JsonSerializable(typeof(JarUploadResponseBody))]
[JsonSerializable(typeof(JarListInfo))]
[JsonSerializable(typeof(JarPlanRequestBody))]
[JsonSerializable(typeof(JarRunRequestBody))]
[JsonSerializable(typeof(JarRunResponseBody))]
[JsonSerializable(typeof(JobPlanInfo))]
[JsonSerializable(typeof(JobDetailsInfo))]
[JsonSerializable(typeof(JobStatusInfo))]
[JsonSerializable(typeof(LogUrlResponse))]
[JsonSerializable(typeof(JobClientHeartbeatRequestBody))]
[JsonSerializable(typeof(JobConfigInfo))]
[JsonSerializable(typeof(JobExecutionResultResponseBody))]
[JsonSerializable(typeof(JobExceptionsInfoWithHistory))]
[JsonSerializable(typeof(JobAccumulatorsInfo))]
[JsonSerializable(typeof(JobVertexAccumulatorsInfo))]
[JsonSerializable(typeof(SubtasksAllAccumulatorsInfo))]
[JsonSerializable(typeof(SubtaskExecutionAttemptAccumulatorsInfo))]
[JsonSerializable(typeof(JobVertexDetailsInfo))]
[JsonSerializable(typeof(SubtaskExecutionAttemptDetailsInfo))]
[JsonSerializable(typeof(SubtasksTimesInfo))]
[JsonSerializable(typeof(JobVertexTaskManagersInfo))]
public sealed partial class RestJsonContext : JsonSerializerContext;
