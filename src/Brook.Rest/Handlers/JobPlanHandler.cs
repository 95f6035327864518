using System.Net;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>Flink's JSON plan of a JobGraph (JsonPlanGenerator), for GET /jobs/:jobid/plan, job details and the jar plan.</summary>
public static class JobPlanHandler
{
    /// <summary>Results are produced while consumed, in bounded buffers: Flink's PIPELINED_BOUNDED result type.</summary>
    private const string Exchange = "pipelined_bounded";

    public static JobPlanInfo Handle(JobPlanSnapshot plan) => new(Plan(plan));

    public static JobPlan Plan(JobPlanSnapshot plan) =>
        new(plan.JobId.Hex, plan.Name, plan.JobType.ToString(), plan.Vertices.Select(v => new JobPlanNode(
            v.Id.Hex, v.Parallelism, "", "", Describe(v.Name),
            v.Inputs.Select((input, i) => new JobPlanNodeInput(i, input.SourceId.Hex, input.ShipStrategy, Exchange)).ToList()
        )).ToList());

    /// <summary>Flink escapes the vertex name as HTML (the dashboard renders it) and turns line breaks into &lt;br/&gt;.</summary>
    private static string Describe(string name) => WebUtility.HtmlEncode(name).Replace("\n", "<br/>", StringComparison.Ordinal);
}
