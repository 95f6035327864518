using Brook.Core.Configuration;

namespace Brook.Cluster.Tests.Rescaling;

/// <summary>The rescaling cluster under the adaptive scheduler (jobmanager.scheduler: adaptive).</summary>
public sealed class AdaptiveClusterFixture : RescalingClusterFixture
{
    protected override void Configure(Configuration config)
    {
        base.Configure(config);
        config.SetRaw("jobmanager.scheduler", "adaptive");
    }
}

/// <summary>The rescaling cluster in reactive mode: jobs take every slot, and follow TaskManagers joining and leaving.</summary>
public sealed class ReactiveClusterFixture : RescalingClusterFixture
{
    protected override void Configure(Configuration config)
    {
        base.Configure(config);
        config.SetRaw("scheduler-mode", "reactive").SetRaw("restart-strategy.fixed-delay.attempts", "10");
    }
}
