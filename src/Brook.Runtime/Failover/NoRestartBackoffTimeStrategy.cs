namespace Brook.Runtime.Failover;

/// <summary>Never restarts: the first failure fails the job (Flink's NoRestartBackoffTimeStrategy, `none`/`off`/`disable`).</summary>
internal sealed class NoRestartBackoffTimeStrategy : IRestartBackoffTimeStrategy
{
    public static readonly NoRestartBackoffTimeStrategy Instance = new();

    private NoRestartBackoffTimeStrategy()
    {
    }

    public bool CanRestart() => false;

    public long GetBackoffTime() => 0;

    public bool NotifyFailure(Exception cause) => true;

    public override string ToString() => "NoRestartBackoffTimeStrategy";
}
