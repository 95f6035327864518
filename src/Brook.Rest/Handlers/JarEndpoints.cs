using System.Globalization;
using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Rest.Routing;

namespace Brook.Rest.Handlers;

/// <summary>The /jars endpoints: upload, list, delete, plan and run of job packages.</summary>
public static class JarEndpoints
{
    private static readonly RestJsonContext Json = RestJsonContext.Wire;

    public static readonly PathParameterSpec JarIdPath = new("jarid", typeof(string), s => s,
        "String value that identifies a jar. When uploading the jar a path is returned, where the filename is the ID. This value is equivalent to the `id` field in the list of uploaded jars (/jars).");

    private static readonly QueryParameterSpec ProgramArgQuery = RestParameters.String("programArg", "Comma-separated list of program arguments.");

    private static readonly QueryParameterSpec EntryClassQuery = RestParameters.String("entry-class",
        "String value that specifies the fully qualified name of the entry point class. Overrides the class defined in the jar file manifest.");

    private static readonly QueryParameterSpec ParallelismQuery = RestParameters.Int("parallelism",
        "Positive integer value that specifies the desired parallelism for the job.");

    private static readonly QueryParameterSpec AllowNonRestoredStateQuery = new("allowNonRestoredState", typeof(bool), s => bool.Parse(s.Trim()),
        "Boolean value that specifies whether the job submission should be rejected if the savepoint contains state that cannot be mapped back to the job.");

    private static readonly QueryParameterSpec SavepointPathQuery = RestParameters.String("savepointPath",
        "String value that specifies the path of the savepoint to restore the job from.");

    private static readonly string[] ClaimModes = ["CLAIM", "NO_CLAIM", "LEGACY"];

    public static IReadOnlyList<RestEndpoint> Create(IRestfulGateway gateway) =>
    [
        new RestEndpoint(new RestEndpointSpec(RestVerb.Post, "/jars/upload", [], [], Json.EmptyRequestBody, Json.JarUploadResponseBody, 200,
                "Uploads a jar to the cluster. The jar must be sent as multi-part data.") { AcceptsFileUpload = true },
            async (r, ct) =>
            {
                if (r.UploadedFiles.Count != 1) throw new RestHandlerException($"Exactly 1 file must be sent, received {r.UploadedFiles.Count}.", 400);
                var file = r.UploadedFiles[0];
                var path = await gateway.Jars.UploadAsync(file.Path, file.FileName, ct);
                return new JsonResult(new JarUploadResponseBody(path, "success"), Json.JarUploadResponseBody);
            }),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Get, "/jars", [], [], Json.EmptyRequestBody, Json.JarListInfo, 200,
                "Returns a list of all jars previously uploaded via '/jars/upload'."),
            (_, _) => ValueTask.FromResult<RestResult>(new JsonResult(List(gateway.RestAddress, gateway.Jars.List()), Json.JarListInfo))),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Delete, "/jars/:jarid", [JarIdPath], [], Json.EmptyRequestBody, Json.EmptyResponseBody, 200,
                "Deletes a jar previously uploaded via '/jars/upload'."),
            (r, _) =>
            {
                gateway.Jars.Delete(r.Path<string>("jarid"));
                return ValueTask.FromResult<RestResult>(new JsonResult(new EmptyResponseBody(), Json.EmptyResponseBody));
            }),
        Plan(gateway, RestVerb.Post),
        Plan(gateway, RestVerb.Get),
        new RestEndpoint(new RestEndpointSpec(RestVerb.Post, "/jars/:jarid/run", [JarIdPath],
                [AllowNonRestoredStateQuery, SavepointPathQuery, ProgramArgQuery, EntryClassQuery, ParallelismQuery], Json.JarRunRequestBody,
                Json.JarRunResponseBody, 200, "Submits a job by running a jar previously uploaded via '/jars/upload'."),
            async (r, ct) =>
            {
                var body = r.BodyAs<JarRunRequestBody>();
                var savepoint = Empty(body.SavepointPath) ?? Empty(string.Join(',', r.Query<string>("savepointPath")));
                var claimMode = Empty(body.ClaimMode) ?? Empty(body.RestoreMode);
                if (claimMode is not null && !ClaimModes.Contains(claimMode))
                    throw new RestHandlerException($"Request did not match expected format {nameof(JarRunRequestBody)}.", 400,
                        new FormatException($"'{claimMode}' is not one of {string.Join(", ", ClaimModes)}."));
                var allowNonRestored = body.AllowNonRestoredState ?? (r.Query<bool>("allowNonRestoredState") is [.., var q] && q);
                var configuration = RestoreSettings(body.FlinkConfiguration, savepoint, allowNonRestored, claimMode);
                var request = ProgramRequest(r, body.EntryClass, Arguments(body.ProgramArgsList, body.ProgramArgs), body.Parallelism, body.JobId, configuration,
                    nameof(JarRunRequestBody));
                var jobId = await gateway.Jars.RunAsync(r.Path<string>("jarid"), request, ct);
                return new JsonResult(new JarRunResponseBody(jobId.Hex), Json.JarRunResponseBody);
            }),
    ];

    private static RestEndpoint Plan(IRestfulGateway gateway, RestVerb verb) =>
        new(new RestEndpointSpec(verb, "/jars/:jarid/plan", [JarIdPath], [ProgramArgQuery, EntryClassQuery, ParallelismQuery], Json.JarPlanRequestBody,
                Json.JobPlanInfo, 200,
                "Returns the dataflow plan of a job contained in a jar previously uploaded via '/jars/upload'. Program arguments can be passed both via the JSON request (recommended) or query parameters."),
            async (r, ct) =>
            {
                var body = r.BodyAs<JarPlanRequestBody>();
                var request = ProgramRequest(r, body.EntryClass, Arguments(body.ProgramArgsList, body.ProgramArgs), body.Parallelism, body.JobId, body.FlinkConfiguration,
                    nameof(JarPlanRequestBody));
                var plan = await gateway.Jars.PlanAsync(r.Path<string>("jarid"), request, ct);
                return new JsonResult(JobPlanHandler.Handle(plan), Json.JobPlanInfo);
            });

    public static JarListInfo List(string address, IReadOnlyList<JarSnapshot> jars) =>
        new(address.TrimEnd('/'), jars.Select(j => new JarFileInfo(j.Id, j.Name, j.Uploaded, j.EntryClasses.Select(c => new JarEntryInfo(c, null)).ToList())).ToList());

    /// <summary>The body's values win over the query parameters (Flink's fromRequestBodyOrQueryParameter).</summary>
    private static JarProgramRequest ProgramRequest(RestRequest r, string? entryClass, IReadOnlyList<string>? args, int? parallelism, string? jobId,
        IReadOnlyDictionary<string, string>? configuration, string bodyName)
    {
        var entry = Empty(entryClass) ?? Empty(string.Join(',', r.Query<string>("entry-class")));
        var programArgs = args is { Count: > 0 } ? args : r.Query<string>("programArg");
        var p = parallelism ?? (r.Query<int>("parallelism") is [.., var q] ? q : null);
        if (p is <= 0) throw new RestHandlerException($"The parallelism must be a positive integer, was {p.Value.ToString(CultureInfo.InvariantCulture)}.", 400);
        JobId? id = null;
        if (Empty(jobId) is { } raw)
        {
            if (!JobId.TryParse(raw, out var parsed))
                throw new RestHandlerException($"Request did not match expected format {bodyName}.", 400,
                    new FormatException($"Cannot parse jobId \"{raw}\": a job id is 32 hexadecimal characters."));
            id = parsed;
        }
        return new JarProgramRequest(entry, programArgs, p, id, configuration ?? new Dictionary<string, string>());
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>
    /// Flink's SavepointRestoreSettings.toConfiguration: a savepointPath becomes execution.state-recovery.path with
    /// allowNonRestoredState and the claim mode beside it, over the body's flinkConfiguration; the JobMaster then
    /// loads and validates the snapshot at submission, so a missing, corrupt or foreign path fails the run with a 400.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? RestoreSettings(IReadOnlyDictionary<string, string>? configuration, string? savepointPath,
        bool allowNonRestoredState, string? claimMode)
    {
        if (savepointPath is null) return configuration;
        var merged = new Dictionary<string, string>(configuration ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [Brook.Core.Configuration.CheckpointingOptions.StateRecoveryPath.Key] = savepointPath,
            [Brook.Core.Configuration.CheckpointingOptions.StateRecoveryIgnoreUnclaimedState.Key] = allowNonRestoredState ? "true" : "false",
        };
        if (claimMode is not null) merged[Brook.Core.Configuration.CheckpointingOptions.StateRecoveryClaimMode.Key] = claimMode;
        return merged;
    }

    /// <summary>programArgsList wins; else the single programArgs string split as Flink's JarHandlerUtils.tokenizeArguments does.</summary>
    private static IReadOnlyList<string>? Arguments(IReadOnlyList<string>? list, string? single) =>
        list is { Count: > 0 } ? list : Empty(single) is { } s ? Tokenize(s) : list;

    /// <summary>Splits on whitespace; single or double quotes group words and are removed.</summary>
    public static IReadOnlyList<string> Tokenize(string args)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var inToken = false;
        foreach (var c in args)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken) tokens.Add(current.ToString());
                current.Clear();
                inToken = false;
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }
        if (inToken) tokens.Add(current.ToString());
        return tokens;
    }
}
