using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using Brook.Core.Ids;
using Brook.Rest.Messages;

namespace Brook.Cli;

/// <summary>`brook run` (with -s/--fromSavepoint), `brook list`, `brook cancel` and `brook package`: the job commands a Flink user knows from `flink`.</summary>
internal static class JobCommands
{
    public static Command Run()
    {
        var package = new Argument<FileInfo>("package") { Description = "The job package (.jar or .zip) to upload and run." };
        var programArgs = new Argument<string[]>("args") { Description = "Arguments passed to the program's Main.", Arity = ArgumentArity.ZeroOrMore };
        var parallelism = new Option<int?>("--parallelism", "-p") { Description = "The job's parallelism (parallelism.default for the program)." };
        var entryClass = new Option<string?>("--class", "-c") { Description = "The entry class with a static Main (default: the program's Main)." };
        var fromSavepoint = new Option<string?>("--fromSavepoint", "-s") { Description = "Path to a savepoint (or checkpoint) to restore the job from." };
        var allowNonRestoredState = new Option<bool>("--allowNonRestoredState", "-n")
        {
            Description = "Allow to skip savepoint state that cannot be restored, because the operator was removed from the program.",
        };
        var restoreMode = new Option<string?>("--restoreMode", "-rm") { Description = "Who owns the restored snapshot: CLAIM or NO_CLAIM (default)." };
        restoreMode.AcceptOnlyFromAmong("CLAIM", "NO_CLAIM", "LEGACY");
        var jobManager = JobManagerAddress.CreateOption();
        var command = new Command("run", "Uploads a job package to the JobManager and runs it (detached).")
        {
            package, programArgs, parallelism, entryClass, fromSavepoint, allowNonRestoredState, restoreMode, jobManager,
        };
        command.SetAction((parse, ct) =>
        {
            var file = parse.GetValue(package)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"The package {file.FullName} does not exist.");
                return Task.FromResult(1);
            }
            return JobManagerAddress.RunAsync(parse.GetValue(jobManager)!, async client =>
            {
                var upload = await client.UploadJarAsync(file.FullName, ct);
                var jarId = Path.GetFileName(upload.FileName);
                var jobId = await client.RunJarAsync(jarId,
                    new JarRunRequestBody(parse.GetValue(entryClass), parse.GetValue(programArgs) ?? [], parse.GetValue(parallelism),
                        AllowNonRestoredState: parse.GetValue(allowNonRestoredState), SavepointPath: parse.GetValue(fromSavepoint), RestoreMode: parse.GetValue(restoreMode)), ct);
                Console.WriteLine($"Job has been submitted with JobID {jobId}");
            });
        });
        return command;
    }

    public static Command List()
    {
        var jobManager = JobManagerAddress.CreateOption();
        var command = new Command("list", "Lists the JobManager's running and finished jobs.") { jobManager };
        command.SetAction((parse, ct) => JobManagerAddress.RunAsync(parse.GetValue(jobManager)!, async client =>
        {
            var jobs = (await client.GetJobsOverviewAsync(ct)).Jobs;
            if (jobs.Count == 0)
            {
                Console.WriteLine("No jobs.");
                return;
            }
            foreach (var job in jobs)
            {
                var started = DateTimeOffset.FromUnixTimeMilliseconds(job.StartTime).ToLocalTime().ToString("dd.MM.yyyy HH:mm:ss");
                Console.WriteLine($"{started} : {job.JobId} : {job.Name} ({job.State})");
            }
        }));
        return command;
    }

    public static Command Cancel()
    {
        var jobId = new Argument<string>("jobid") { Description = "The 32-hex id of the job to cancel." };
        var jobManager = JobManagerAddress.CreateOption();
        var command = new Command("cancel", "Cancels a running job.") { jobId, jobManager };
        command.SetAction((parse, ct) =>
        {
            if (!JobId.TryParse(parse.GetValue(jobId), out var id))
            {
                Console.Error.WriteLine($"'{parse.GetValue(jobId)}' is not a job id (32 hexadecimal characters).");
                return Task.FromResult(1);
            }
            return JobManagerAddress.RunAsync(parse.GetValue(jobManager)!, async client =>
            {
                await client.CancelJobAsync(id, ct);
                Console.WriteLine($"Cancelled job {id}.");
            });
        });
        return command;
    }

    /// <summary>dotnet publish of the project, zipped into a job package.</summary>
    public static Command Package()
    {
        var project = new Argument<DirectoryInfo>("project") { Description = "The job's project directory." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The package file to write (default: <project name>.jar here)." };
        var command = new Command("package", "Publishes a job project and zips the output into a job package (.jar) for upload.") { project, output };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(project)!;
            if (!dir.Exists)
            {
                await Console.Error.WriteLineAsync($"The project directory {dir.FullName} does not exist.");
                return 1;
            }
            var publishDir = Path.Combine(Path.GetTempPath(), "brook-package-" + Guid.NewGuid().ToString("N"));
            try
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
                foreach (var a in new[] { "publish", dir.FullName, "-c", "Release", "-o", publishDir, "--nologo" }) start.ArgumentList.Add(a);
                using (var publish = Process.Start(start)!)
                {
                    await publish.WaitForExitAsync(ct);
                    if (publish.ExitCode != 0)
                    {
                        await Console.Error.WriteLineAsync($"dotnet publish failed with exit code {publish.ExitCode}.");
                        return publish.ExitCode;
                    }
                }
                var target = parse.GetValue(output)?.FullName ?? Path.GetFullPath(dir.Name + ".jar");
                if (File.Exists(target)) File.Delete(target);
                ZipFile.CreateFromDirectory(publishDir, target);
                Console.WriteLine($"Wrote job package {target}");
                return 0;
            }
            finally
            {
                if (Directory.Exists(publishDir)) Directory.Delete(publishDir, recursive: true);
            }
        });
        return command;
    }
}
