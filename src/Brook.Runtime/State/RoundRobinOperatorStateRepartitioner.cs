namespace Brook.Runtime.State;

/// <summary>
/// Flink's RoundRobinOperatorStateRepartitioner over Brook's operator state sections: given the operator state of
/// every subtask of the previous run (in subtask order), the sections each subtask of the new run restores.
/// <list type="bullet">
/// <item>Split-distributed list state: at an unchanged parallelism every subtask keeps its own elements; otherwise the
/// elements of all subtasks, in subtask order, are cut into contiguous parts of total/p elements, the first total%p
/// parts one longer, and handed out round robin. As in Flink, the next state starts where the odd elements of the
/// previous one ended, so several small states do not all land on subtask 0 (states are taken in ordinal name order).</item>
/// <item>Union list state: every new subtask gets the elements of all previous subtasks.</item>
/// <item>Broadcast state: new subtask i gets the copy of the i mod n-th previous subtask that had it (its own at an
/// unchanged parallelism).</item>
/// </list>
/// </summary>
internal static class RoundRobinOperatorStateRepartitioner
{
    public static IReadOnlyList<IReadOnlyList<OperatorStateSnapshotFormat.StateSection>> Repartition(
        IReadOnlyList<IReadOnlyList<OperatorStateSnapshotFormat.StateSection>> previousSubtasks, int newParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newParallelism);
        var oldParallelism = previousSubtasks.Count;
        var result = Enumerable.Range(0, newParallelism).Select(_ => new List<OperatorStateSnapshotFormat.StateSection>()).ToList();
        var byName = previousSubtasks
            .SelectMany((sections, oldIndex) => sections.Select(s => (OldIndex: oldIndex, Section: s)))
            .GroupBy(x => x.Section.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var startSubtask = 0;
        foreach (var group in byName)
        {
            var modes = group.Select(x => x.Section.Mode).Distinct().ToList();
            if (modes.Count != 1) throw new InvalidDataException($"Operator state '{group.Key}' has different distribution modes in different subtasks.");
            var mode = modes[0];
            var entries = group.OrderBy(x => x.OldIndex).ToList();
            switch (mode)
            {
                case OperatorStateDistributionMode.SplitDistribute when oldParallelism == newParallelism:
                    foreach (var (oldIndex, section) in entries) result[oldIndex].Add(section);
                    break;
                case OperatorStateDistributionMode.SplitDistribute:
                    var parts = SplitRoundRobin(entries.Select(e => e.Section.Elements).ToList(), newParallelism, ref startSubtask);
                    for (var i = 0; i < newParallelism; i++) result[i].Add(new OperatorStateSnapshotFormat.StateSection(group.Key, mode, parts[i]));
                    break;
                case OperatorStateDistributionMode.Union:
                    var all = entries.SelectMany(e => e.Section.Elements).ToList();
                    foreach (var subtask in result) subtask.Add(new OperatorStateSnapshotFormat.StateSection(group.Key, mode, all));
                    break;
                default:
                    for (var i = 0; i < newParallelism; i++)
                    {
                        var own = oldParallelism == newParallelism ? entries.FirstOrDefault(e => e.OldIndex == i).Section : null;
                        result[i].Add(own ?? entries[i % entries.Count].Section);
                    }
                    break;
            }
        }
        return result;
    }

    /// <summary>
    /// Flink's split of one named state: the elements of all previous subtasks, in order, cut into
    /// <paramref name="newParallelism"/> contiguous parts handed out from <paramref name="startSubtask"/> on, which
    /// moves to where the odd (longer) parts ended. Also how a source's reader splits are redistributed (in Flink they
    /// are the reader's split-distributed list state).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<T>> SplitRoundRobin<T>(IReadOnlyList<IReadOnlyList<T>> previous, int newParallelism, ref int startSubtask)
    {
        var all = previous.SelectMany(p => p).ToList();
        var parts = new IReadOnlyList<T>[newParallelism];
        var baseSize = all.Count / newParallelism;
        var remainder = all.Count % newParallelism;
        var nextStart = startSubtask;
        var taken = 0;
        for (var i = 0; i < newParallelism; i++)
        {
            var subtask = (i + startSubtask) % newParallelism;
            var count = baseSize;
            if (remainder > 0)
            {
                count++;
                remainder--;
            }
            else if (remainder == 0)
            {
                nextStart = subtask;
                remainder--;
            }
            parts[subtask] = all.GetRange(taken, count);
            taken += count;
        }
        startSubtask = nextStart;
        return parts;
    }
}
