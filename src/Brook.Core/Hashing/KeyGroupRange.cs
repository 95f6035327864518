namespace Brook.Core.Hashing;

/// <summary>An inclusive, contiguous range of key groups owned by one subtask, as in Flink.</summary>
public readonly record struct KeyGroupRange(int StartKeyGroup, int EndKeyGroup)
{
    public static readonly KeyGroupRange Empty = new(0, -1);

    public int NumberOfKeyGroups => EndKeyGroup - StartKeyGroup + 1;

    public bool Contains(int keyGroup) => keyGroup >= StartKeyGroup && keyGroup <= EndKeyGroup;

    public KeyGroupRange Intersect(KeyGroupRange other)
    {
        var start = Math.Max(StartKeyGroup, other.StartKeyGroup);
        var end = Math.Min(EndKeyGroup, other.EndKeyGroup);
        return start <= end ? new KeyGroupRange(start, end) : Empty;
    }
}
