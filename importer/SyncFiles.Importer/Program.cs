using SyncFiles.Common.IO;
using SyncFiles.Importer.Cli;
using SyncFiles.Importer.Config;

// First: the configuration's metadata is built on a second core while the command line is (see ConfigurationWarmUp).
ServerSettings.WarmUp(args);
using var console = Utf8Console.Open();
return await ImporterCli.RunAsync(args, console.Output, console.Error, errorIsTerminal: !Console.IsErrorRedirected, CancellationToken.None);
