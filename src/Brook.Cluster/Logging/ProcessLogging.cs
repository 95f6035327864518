using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Brook.Cluster.Logging;

/// <summary>The process's log: a rolling file in the log directory, and optionally the console (stderr, so stdout stays the program's).</summary>
public sealed class ProcessLogging : IAsyncDisposable
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss,fff} {" + Log4jLevelEnricher.PropertyName + ":l} {SourceContext} - {Message:lj}{NewLine}{Exception}";

    private readonly Serilog.Core.Logger _logger;

    public ProcessLogging(LogFiles files, bool toConsole)
    {
        System.IO.Directory.CreateDirectory(files.Directory);
        var config = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // gRPC logs every aborted stream (a TaskManager that died) at Information with its stack; Brook logs the loss itself.
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<Log4jLevelEnricher>()
            // Serilog counts the current file among the retained ones; Flink's rollover max counts only rolled files.
            .WriteTo.File(files.LogPath, outputTemplate: Template, fileSizeLimitBytes: files.MaxFileSize, rollOnFileSizeLimit: true,
                retainedFileCountLimit: files.MaxRolledFiles < int.MaxValue ? files.MaxRolledFiles + 1 : null, shared: true, flushToDiskInterval: TimeSpan.FromSeconds(1));
        if (toConsole) config = config.WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose);
        _logger = config.CreateLogger();
        Files = files;
        LoggerFactory = new SerilogLoggerFactory(_logger);
    }

    public LogFiles Files { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ValueTask DisposeAsync()
    {
        LoggerFactory.Dispose();
        return _logger.DisposeAsync();
    }
}
