using Brook.Core.Configuration;
using Brook.Streaming.Graph;

namespace Brook.Streaming.Cache;

/// <summary>Whether a plan runs as a batch job, known before its nodes exist (a cache is produced only in batch jobs).</summary>
internal static class CacheTranslation
{
    public static bool IsBatch(RuntimeExecutionMode mode, IReadOnlyList<Transformation> sinks)
    {
        if (mode == RuntimeExecutionMode.STREAMING) return false;
        var seen = new HashSet<int>();
        var pending = new Stack<Transformation>(sinks);
        var allBounded = true;
        while (pending.Count > 0)
        {
            var t = pending.Pop();
            if (!seen.Add(t.Id)) continue;
            if (t is CacheTransformation { IsCached: true }) continue;
            if (t is ISourceTransformation s && s.Boundedness != Sources.Boundedness.Bounded) allBounded = false;
            foreach (var i in t.Inputs) pending.Push(i);
        }
        // BATCH with an unbounded source is refused when the job type is resolved; here it only matters that it is not batch.
        return allBounded;
    }
}
