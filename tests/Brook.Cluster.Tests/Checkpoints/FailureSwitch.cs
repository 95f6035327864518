namespace Brook.Cluster.Tests.Checkpoints;

/// <summary>A shared switch the test arms once; the first record of a first attempt that sees it armed disarms it and throws.</summary>
internal sealed class FailureSwitch
{
    private int _armed;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public bool TryFire() => Interlocked.Exchange(ref _armed, 0) == 1;
}
