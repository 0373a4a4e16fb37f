using SyncFiles.Exporter.Cli;

return await ExporterCli.RunAsync(args, Console.Out, Console.Error);
