using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Rest.Handlers;
using Brook.Runtime.Partitions;

namespace Brook.Rest.Tests;

/// <summary>The pure functions behind /datasets: Flink's completeness rule and the delete status bodies.</summary>
public sealed class ClusterDataSetHandlerTests
{
    [Fact]
    public void A_data_set_is_complete_only_while_every_partition_is_registered()
    {
        var whole = new IntermediateDataSetId(new string('b', 32));
        var partial = new IntermediateDataSetId(new string('a', 32));
        var body = ClusterDataSetEndpoints.List(new Dictionary<IntermediateDataSetId, DataSetMetaInfo>
        {
            [whole] = new(4, 4),
            [partial] = new(3, 4),
        });
        Assert.Equal([(partial.Hex, false), (whole.Hex, true)], body.DataSets.Select(e => (e.Id, e.IsComplete)));
    }

    [Fact]
    public void The_delete_status_is_empty_on_success_and_carries_the_failure_cause_otherwise()
    {
        Assert.Null(ClusterDataSetEndpoints.Status(OperationResult<bool>.InProgress).Operation);
        Assert.Null(ClusterDataSetEndpoints.Status(OperationResult<bool>.Success(true)).Operation!.FailureCause);
        var failed = ClusterDataSetEndpoints.Status(OperationResult<bool>.Failed(new InvalidOperationException("release failed")));
        Assert.Equal("COMPLETED", failed.Status.Id);
        Assert.Contains("release failed", failed.Operation!.FailureCause!.StackTrace);
    }
}
