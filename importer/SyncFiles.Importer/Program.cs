using SyncFiles.Common.IO;
using SyncFiles.Importer.Cli;

using var console = Utf8Console.Open();
return await ImporterCli.RunAsync(args, console.Output, console.Error, errorIsTerminal: !Console.IsErrorRedirected, CancellationToken.None);
