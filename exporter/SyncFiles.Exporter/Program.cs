using SyncFiles.Common.IO;
using SyncFiles.Exporter.Cli;

using var console = Utf8Console.Open();
return await ExporterCli.RunAsync(args, console.Output, console.Error, errorIsTerminal: !Console.IsErrorRedirected, CancellationToken.None);
