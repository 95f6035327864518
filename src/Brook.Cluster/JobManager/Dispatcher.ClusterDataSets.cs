using Brook.Core.Ids;
using Brook.Rest.Async;
using Brook.Runtime.Partitions;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.JobManager;

/// <summary>
/// Cluster data sets (cached intermediate results) through the ResourceManager's partition tracker: listing, and release
/// as an asynchronous operation in its own cache keyed by trigger id (Flink's ClusterDataSetDeleteHandlers keep theirs).
/// </summary>
public sealed partial class Dispatcher
{
    private CompletedOperationCache<OperationKey, bool>? _dataSetDeletions;

    private CompletedOperationCache<OperationKey, bool> DataSetDeletions =>
        LazyInitializer.EnsureInitialized(ref _dataSetDeletions, () => new CompletedOperationCache<OperationKey, bool>(_configuration, _time));

    public IReadOnlyDictionary<IntermediateDataSetId, DataSetMetaInfo> ListClusterDataSets() => _resourceManager.ListDataSets();

    /// <summary>Releases every partition of the data set on the TaskManagers hosting it; the operation completes once none is left.</summary>
    public void ReleaseClusterDataSet(OperationKey key, IntermediateDataSetId dataSet) =>
        DataSetDeletions.TryRegister(key, async () =>
        {
            await _resourceManager.ReleaseClusterPartitionsAsync(dataSet).ConfigureAwait(false);
            _log.LogInformation("Released cluster data set {DataSet}.", dataSet);
            return true;
        });

    public OperationResult<bool>? RequestClusterDataSetDeleteStatus(OperationKey key) => DataSetDeletions.Get(key);
}
