using System.CommandLine;
using Brook.Core.Configuration;

namespace Brook.Cli;

/// <summary>The options every process command shares: the configuration directory and -Dkey=value overrides.</summary>
internal sealed class ProcessCommandOptions
{
    public Option<DirectoryInfo?> ConfDir { get; } = new("--conf-dir", "-c")
    {
        Description = $"Directory holding config.yaml (default: ${ClusterCommand.ConfDirEnvironmentVariable}, else ./conf if it exists).",
    };

    public Option<string[]> Dynamic { get; } = new(DynamicProperties.OptionName)
    {
        Description = "Sets a configuration value, overriding config.yaml, e.g. -Djobmanager.rpc.port=6124 (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "key=value",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConfDir);
        command.Options.Add(Dynamic);
    }

    /// <summary>The configuration, or null after printing why it could not be loaded.</summary>
    public async Task<Configuration?> LoadAsync(ParseResult parse)
    {
        try
        {
            return ConfigurationLoader.Load(ClusterCommand.ResolveConfDir(parse.GetValue(ConfDir)), parse.GetValue(Dynamic) ?? []);
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return null;
        }
    }
}
