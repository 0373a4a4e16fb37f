using SyncFiles.Exporter.Cli;

return await ExporterCli.RunAsync(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected, CancellationToken.None);
