using Brook.Cli;

return await BrookCommand.RunAsync(args);
