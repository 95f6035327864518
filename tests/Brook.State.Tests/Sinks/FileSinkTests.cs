using System.Text.RegularExpressions;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sinks.Files;

namespace Brook.State.Tests.Sinks;

/// <summary>
/// The FileSink's writer and committer by hand: Flink's part file names and their hidden in-progress files, the
/// rolling policies, resuming a restored in-progress file cut back to its checkpointed length, and re-commits.
/// </summary>
public sealed partial class FileSinkTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 30, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-filesink-" + Guid.NewGuid().ToString("N"));
    private readonly ManualProcessingTimeService _time = new(Start.ToUnixTimeMilliseconds());

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [GeneratedRegex(@"^part-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\d+)$")]
    private static partial Regex Finished();

    [GeneratedRegex(@"^\.part-[0-9a-f-]{36}-\d+\.inprogress\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex InProgress();

    private FileSinkHarness Harness(IRollingPolicy<string> policy, OutputFileConfig? config = null, IBucketAssigner<string>? assigner = null) =>
        new(FileSink.ForRowFormat(_dir, new SimpleStringEncoder<string>())
            .WithBucketAssigner(assigner ?? new BasePathBucketAssigner<string>())
            .WithRollingPolicy(policy)
            .WithOutputFileConfig(config ?? OutputFileConfig.Default)
            .WithBucketCheckInterval(TimeSpan.FromSeconds(1))
            .Build(), _time);

    private string[] Names(string? dir = null) => Directory.GetFiles(dir ?? _dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The lines of the visible (committed) files, in part-counter order.</summary>
    private string[] CommittedLines(string? dir = null) => Names(dir).Where(n => !n.StartsWith('.'))
        .OrderBy(n => long.Parse(Finished().Match(n).Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
        .SelectMany(n => File.ReadAllLines(Path.Combine(dir ?? _dir, n))).ToArray();

    [Fact]
    public void Records_go_to_hidden_in_progress_files_and_become_visible_part_files_only_when_committed()
    {
        using var sink = Harness(new DefaultRollingPolicy<string>(maxPartSize: 10));
        sink.Write("alpha", "beta");                 // 11 bytes: the next record rolls
        sink.Write("gamma");
        var inProgress = Names();
        Assert.Equal(2, inProgress.Length);
        Assert.All(inProgress, n => Assert.Matches(InProgress(), n));

        var (committables, state) = sink.Checkpoint(1);
        // The first part file was rolled by size and is pending; the second is still in progress (5 bytes of 10).
        var pending = Assert.Single(committables);
        Assert.Matches(Finished(), Path.GetFileName(pending.PendingFile.TargetPath));
        Assert.EndsWith("-0", pending.PendingFile.TargetPath);
        Assert.Equal(11, pending.PendingFile.Length);
        Assert.Equal(6, Assert.Single(state).InProgressFile!.Length);
        Assert.All(Names(), n => Assert.StartsWith(".", n));

        Assert.Equal([CommitRequest<FileSinkCommittable>.Outcome.Committed], sink.Commit(committables));
        var visible = Assert.Single(Names(), n => !n.StartsWith('.'));
        Assert.Equal(Path.GetFileName(pending.PendingFile.TargetPath), visible);
        Assert.Equal(["alpha", "beta"], File.ReadAllLines(Path.Combine(_dir, visible)));

        // The end of input hands over the in-progress file: both part files of the bucket share its UUID, counters 0 and 1.
        var (last, _) = sink.Checkpoint(2, endOfInput: true);
        sink.Commit(last);
        Assert.Equal(["alpha", "beta", "gamma"], CommittedLines());
        Assert.Single(Names().Select(n => Finished().Match(n).Groups[1].Value).Distinct());
    }

    [Fact]
    public void The_output_file_config_sets_prefix_and_suffix_and_the_on_checkpoint_policy_rolls_at_every_barrier()
    {
        using var sink = Harness(new OnCheckpointRollingPolicy<string>(), new OutputFileConfig("out", ".txt"));
        sink.Write("a");
        var (first, _) = sink.Checkpoint(1);
        sink.Write("b");
        var (second, state) = sink.Checkpoint(2);
        Assert.Empty(state);
        sink.Commit(first.Concat(second));
        var names = Names();
        Assert.Equal(2, names.Length);
        Assert.All(names, n => Assert.Matches(@"^out-[0-9a-f-]{36}-[01]\.txt$", n));
        Assert.Equal(["a"], File.ReadAllLines(first.Single().PendingFile.TargetPath));
        Assert.Equal(["b"], File.ReadAllLines(second.Single().PendingFile.TargetPath));
    }

    [Fact]
    public void The_default_policy_rolls_an_inactive_or_old_part_file_at_the_bucket_check()
    {
        using var sink = Harness(new DefaultRollingPolicy<string>(rolloverInterval: TimeSpan.FromSeconds(10), inactivityInterval: TimeSpan.FromSeconds(3)));
        sink.Write("a");
        _time.Advance(TimeSpan.FromSeconds(2));
        sink.Write("b");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(sink.Checkpoint(1).Committables);      // written 2 s ago: neither inactive nor old
        _time.Advance(TimeSpan.FromSeconds(1));
        var inactive = Assert.Single(sink.Checkpoint(2).Committables);
        Assert.Equal(4, inactive.PendingFile.Length);

        // Written every second, never inactive, yet rolled once 10 s old.
        sink.Write("c");
        for (var i = 0; i < 9; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            sink.Write("d");
        }
        Assert.Empty(sink.Checkpoint(3).Committables);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(20, Assert.Single(sink.Checkpoint(4).Committables).PendingFile.Length);
    }

    [Fact]
    public void A_restored_writer_cuts_its_in_progress_file_back_to_the_checkpoint_and_appends()
    {
        using var sink = Harness(new DefaultRollingPolicy<string>());
        sink.Write("before-1", "before-2");
        var (_, state) = sink.Checkpoint(1);
        sink.Write("after-the-checkpoint");                 // lost with the failure, replayed by the source
        sink.Checkpoint(2);                                  // flushed to the file by a checkpoint that never completes
        var file = Assert.Single(state).InProgressFile!;
        Assert.True(new FileInfo(file.TempPath).Length > file.Length);

        sink.FailAndRestore(state);
        Assert.Equal(file.Length, new FileInfo(file.TempPath).Length);
        sink.Write("replayed");
        var (committables, _) = sink.Checkpoint(3, endOfInput: true);
        sink.Commit(committables);
        Assert.Equal(["before-1", "before-2", "replayed"], File.ReadAllLines(file.TargetPath));
        Assert.Equal([Path.GetFileName(file.TargetPath)], Names());
    }

    [Fact]
    public void Committing_again_after_a_restore_finds_the_files_already_committed_and_cuts_trailing_bytes_of_pending_ones()
    {
        using var sink = Harness(new OnCheckpointRollingPolicy<string>());
        sink.Write("one", "two");
        var (first, _) = sink.Checkpoint(1);
        sink.Write("three");
        var (second, _) = sink.Checkpoint(2);
        Assert.Equal([CommitRequest<FileSinkCommittable>.Outcome.Committed], sink.Commit(first));

        // Bytes beyond the checkpointed length of a pending file (written after the barrier by a failed attempt) are cut at the commit.
        File.AppendAllText(second.Single().PendingFile.TempPath, "junk\n");
        var outcomes = sink.Commit(first.Concat(second));
        Assert.Equal([CommitRequest<FileSinkCommittable>.Outcome.AlreadyCommitted, CommitRequest<FileSinkCommittable>.Outcome.Committed], outcomes);
        Assert.Equal([CommitRequest<FileSinkCommittable>.Outcome.AlreadyCommitted, CommitRequest<FileSinkCommittable>.Outcome.AlreadyCommitted],
            sink.Commit(first.Concat(second)));
        // Idle buckets are dropped at a barrier, so each checkpoint's file has a new UUID: compare the lines, not their order.
        Assert.Equal(["one", "three", "two"], CommittedLines().Order(StringComparer.Ordinal));

        // A pending file that vanished is dropped with a known reason rather than failing the job forever.
        var missing = first.Single() with { PendingFile = first.Single().PendingFile with { TargetPath = Path.Combine(_dir, "part-gone-0"), TempPath = Path.Combine(_dir, ".gone") } };
        Assert.Equal([CommitRequest<FileSinkCommittable>.Outcome.FailedWithKnownReason], sink.Commit([missing]));
    }

    [Fact]
    public void The_date_time_assigner_buckets_by_processing_time_hour_by_default_and_base_path_writes_into_the_base()
    {
        var context = new AssignerContext(Start.ToUnixTimeMilliseconds());
        Assert.Equal("2026-11-29--10", new DateTimeBucketAssigner<string>(timeZone: TimeZoneInfo.Utc).GetBucketId("x", context));
        Assert.Equal("2026-11-29", new DateTimeBucketAssigner<string>("yyyy-MM-dd", TimeZoneInfo.Utc).GetBucketId("x", context));
        Assert.Equal("", new BasePathBucketAssigner<string>().GetBucketId("x", context));

        using var sink = Harness(new OnCheckpointRollingPolicy<string>(), assigner: new DateTimeBucketAssigner<string>(timeZone: TimeZoneInfo.Utc));
        sink.Write("ten");
        _time.Advance(TimeSpan.FromHours(1));
        sink.Write("eleven");
        sink.Commit(sink.Checkpoint(1).Committables);
        Assert.Equal(["ten"], CommittedLines(Path.Combine(_dir, "2026-11-29--10")));
        Assert.Equal(["eleven"], CommittedLines(Path.Combine(_dir, "2026-11-29--11")));
    }

    private sealed record AssignerContext(long CurrentProcessingTime) : IBucketAssignerContext
    {
        public long CurrentWatermark => long.MinValue;

        public long? Timestamp => null;
    }
}
