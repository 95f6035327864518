using System.CommandLine;
using Brook.Client;
using Brook.Core.Ids;
using Brook.Rest.Messages;

namespace Brook.Cli;

/// <summary>`brook savepoint` and `brook stop`, spelled and answering as Flink's CLI (CliFrontend.savepoint, .stop).</summary>
internal static class SavepointCommands
{
    public static Command Savepoint()
    {
        var jobId = new Argument<string?>("jobid") { Description = "The 32-hex id of the job to take a savepoint of.", Arity = ArgumentArity.ZeroOrOne };
        var directory = new Argument<string?>("targetDirectory")
        {
            Description = "Where the savepoint directory is created (default: execution.checkpointing.savepoint-dir of the cluster).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var dispose = new Option<string?>("--dispose", "-d") { Description = "Path of the savepoint to dispose of." };
        var type = FormatOption();
        var jobManager = JobManagerAddress.CreateOption();
        var command = new Command("savepoint", "Triggers a savepoint of a running job, or disposes of one (--dispose).") { jobId, directory, dispose, type, jobManager };
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(dispose) is { } path)
            {
                return JobManagerAddress.RunAsync(parse.GetValue(jobManager)!, async client =>
                {
                    Console.WriteLine($"Disposing savepoint '{path}'.");
                    var trigger = await client.TriggerSavepointDisposalAsync(path, ct);
                    Console.WriteLine("Waiting for response...");
                    await client.WaitForSavepointDisposalAsync(trigger, ct);
                    Console.WriteLine($"Savepoint '{path}' disposed.");
                });
            }
            if (!TryJobId(parse.GetValue(jobId), out var id)) return Task.FromResult(1);
            return JobManagerAddress.RunAsync(parse.GetValue(jobManager)!, async client =>
            {
                Console.WriteLine($"Triggering savepoint for job {id}.");
                var trigger = await client.TriggerSavepointAsync(id, new SavepointTriggerRequestBody(parse.GetValue(directory), false, parse.GetValue(type)), ct);
                Console.WriteLine("Waiting for response...");
                var location = await client.WaitForSavepointAsync(id, trigger, ct);
                Console.WriteLine($"Savepoint completed. Path: {location}");
                Console.WriteLine("You can resume your program from this savepoint with the run command.");
            });
        });
        return command;
    }

    public static Command Stop()
    {
        var jobId = new Argument<string>("jobid") { Description = "The 32-hex id of the job to stop." };
        var drain = new Option<bool>("--drain", "-d")
        {
            Description = "Send MAX_WATERMARK before taking the savepoint and stopping the pipeline, so event-time windows and timers fire.",
        };
        var directory = new Option<string?>("--savepointPath", "-p") { Description = "Where the savepoint directory is created (default: execution.checkpointing.savepoint-dir)." };
        var type = FormatOption();
        var jobManager = JobManagerAddress.CreateOption();
        var command = new Command("stop", "Stops a running job with a savepoint (stop-with-savepoint).") { jobId, drain, directory, type, jobManager };
        command.SetAction((parse, ct) =>
        {
            if (!TryJobId(parse.GetValue(jobId), out var id)) return Task.FromResult(1);
            return JobManagerAddress.RunAsync(parse.GetValue(jobManager)!, async client =>
            {
                var format = parse.GetValue(type) ?? "CANONICAL";
                Console.WriteLine($"{(parse.GetValue(drain) ? "Draining job" : "Suspending job")} \"{id}\" with a {format} savepoint.");
                var trigger = await client.StopWithSavepointAsync(id, new StopWithSavepointRequestBody(parse.GetValue(directory), parse.GetValue(drain), format), ct);
                var location = await client.WaitForSavepointAsync(id, trigger, ct);
                Console.WriteLine($"Savepoint completed. Path: {location}");
            });
        });
        return command;
    }

    private static Option<string?> FormatOption()
    {
        var option = new Option<string?>("--type", "-type") { Description = "The savepoint's format: CANONICAL (default) or NATIVE." };
        option.AcceptOnlyFromAmong("CANONICAL", "NATIVE");
        return option;
    }

    private static bool TryJobId(string? value, out JobId id)
    {
        if (JobId.TryParse(value, out id)) return true;
        Console.Error.WriteLine(value is null ? "Missing JobID." : $"'{value}' is not a job id (32 hexadecimal characters).");
        return false;
    }
}
