using SyncFiles.Importer.Cli;

return await ImporterCli.RunAsync(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected, CancellationToken.None);
