using Brook.Core.Ids;

namespace Brook.Runtime.JobGraph;

/// <summary>One vertex's parallelism bounds (Flink's JobVertexResourceRequirements.Parallelism).</summary>
public readonly record struct VertexParallelismBounds(int LowerBound, int UpperBound);

/// <summary>
/// The parallelism bounds of every vertex of a job (Flink's JobResourceRequirements): what the adaptive scheduler
/// keeps each vertex within, as far as the slots it can get allow. Read and replaced through
/// GET/PUT /jobs/:jobid/resource-requirements.
/// </summary>
public sealed class JobResourceRequirements(IReadOnlyDictionary<JobVertexId, VertexParallelismBounds> vertices)
{
    public IReadOnlyDictionary<JobVertexId, VertexParallelismBounds> Vertices { get; } = vertices;

    /// <summary>
    /// Flink's JobResourceRequirements.validate, with its texts: -1 for a bound stands for its default (1, the max
    /// parallelism); both bounds must be positive, the lower not above the upper, the upper not above the max
    /// parallelism, every vertex of the job named and no other.
    /// </summary>
    public static List<string> Validate(JobResourceRequirements requirements, IReadOnlyDictionary<JobVertexId, int> maxParallelismPerVertex)
    {
        var errors = new List<string>();
        var missing = new HashSet<JobVertexId>(maxParallelismPerVertex.Keys);
        foreach (var (vertexId, requested) in requirements.Vertices)
        {
            missing.Remove(vertexId);
            if (!maxParallelismPerVertex.TryGetValue(vertexId, out var maxParallelism))
            {
                errors.Add($"Job vertex [{vertexId}] was not found in the JobGraph.");
                continue;
            }
            var (lower, upper) = Expand(requested, maxParallelism);
            if (lower < 1 || upper < 1)
            {
                errors.Add($"Both, the requested lower bound [{lower}] and upper bound [{upper}] for job vertex [{vertexId}] must be greater than zero.");
                continue;
            }
            if (lower > upper) errors.Add($"The requested lower bound [{lower}] for job vertex [{vertexId}] is higher than the upper bound [{upper}].");
            if (maxParallelism < upper) errors.Add($"The newly requested parallelism {upper} for the job vertex {vertexId} exceeds its maximum parallelism {maxParallelism}.");
        }
        foreach (var vertexId in missing) errors.Add($"The request is incomplete, missing job vertex [{vertexId}] resource requirements.");
        return errors;
    }

    /// <summary>The bounds with -1 replaced by its default: 1 for the lower bound, the max parallelism for the upper.</summary>
    public static (int Lower, int Upper) Expand(VertexParallelismBounds bounds, int maxParallelism) =>
        (bounds.LowerBound == -1 ? 1 : bounds.LowerBound, bounds.UpperBound == -1 ? maxParallelism : bounds.UpperBound);
}
