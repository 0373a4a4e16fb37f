using SyncFiles.Common.IO;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Config;

// First: the configuration's metadata is built on a second core while the command line is (see ConfigurationWarmUp).
SiteSettings.WarmUp(args);
using var console = Utf8Console.Open();
return await ExporterCli.RunAsync(args, console.Output, console.Error, errorIsTerminal: !Console.IsErrorRedirected, CancellationToken.None);
