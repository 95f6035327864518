using System.Net.Http.Headers;
using System.Net.Http.Json;
using Brook.Core.Ids;
using Brook.Rest.Messages;

namespace Brook.Client;

/// <summary>Job packages and jobs: upload, list, run, follow and cancel.</summary>
public sealed partial class BrookRestClient
{
    /// <summary>Uploads a job package (a .jar or .zip) in the multipart field <c>jarfile</c>, as Flink clients do.</summary>
    public async Task<JarUploadResponseBody> UploadJarAsync(string packagePath, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(packagePath));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
        form.Add(file, "jarfile", Path.GetFileName(packagePath));
        using var response = await http.PostAsync("/v1/jars/upload", form, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(Json.JarUploadResponseBody, cancellationToken))!;
    }

    public Task<JarListInfo> ListJarsAsync(CancellationToken cancellationToken = default) => GetAsync("/v1/jars", Json.JarListInfo, cancellationToken);

    public async Task DeleteJarAsync(string jarId, CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync($"/v1/jars/{Uri.EscapeDataString(jarId)}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<JobPlanInfo> GetJarPlanAsync(string jarId, JarPlanRequestBody request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync($"/v1/jars/{Uri.EscapeDataString(jarId)}/plan", request, Json.JarPlanRequestBody, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync(Json.JobPlanInfo, cancellationToken))!;
    }

    /// <summary>Runs an uploaded package; returns the submitted job's id.</summary>
    public async Task<JobId> RunJarAsync(string jarId, JarRunRequestBody request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync($"/v1/jars/{Uri.EscapeDataString(jarId)}/run", request, Json.JarRunRequestBody, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var body = (await response.Content.ReadFromJsonAsync(Json.JarRunResponseBody, cancellationToken))!;
        return JobId.Parse(body.JobId);
    }

    public Task<MultipleJobsDetails> GetJobsOverviewAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/v1/jobs/overview", Json.MultipleJobsDetails, cancellationToken);

    public Task<JobDetailsInfo> GetJobDetailsAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        GetAsync($"/v1/jobs/{jobId}", Json.JobDetailsInfo, cancellationToken);

    public Task<JobExecutionResultResponseBody> GetJobExecutionResultAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        GetAsync($"/v1/jobs/{jobId}/execution-result", Json.JobExecutionResultResponseBody, cancellationToken);

    /// <summary>Cancels a job (PATCH /jobs/:jobid?mode=cancel); 404 for an unknown job and 409 for an ended one surface as BrookRestException.</summary>
    public async Task CancelJobAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/jobs/{jobId}?mode=cancel");
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }
}
