using Brook.Runtime.Diagnostics;
using Brook.Runtime.Tasks;

namespace Brook.Rest.ThreadInfo;

/// <summary>One completed sampling of a vertex's (or one subtask's) threads (Flink's VertexThreadInfoStats).</summary>
/// <param name="RequestId">Increases with every sampling the tracker starts.</param>
/// <param name="StartTime">When the sampling was requested (epoch ms).</param>
/// <param name="EndTime">When the samples were in (epoch ms): the flame graph's endTimestamp.</param>
public sealed record VertexThreadInfoStats(long RequestId, long StartTime, long EndTime, IReadOnlyDictionary<ExecutionAttemptId, SubtaskSamples> SamplesBySubtask);

/// <summary>The samples of one attempt's task thread.</summary>
public sealed record SubtaskSamples(int SubtaskIndex, IReadOnlyList<ThreadInfoSample> Samples);
