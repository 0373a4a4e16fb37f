using SyncFiles.Common.Cli;

namespace SyncFiles.Tests.Common.Cli;

/// <summary>The configuration's metadata is prepared ahead only for a command line that names a configuration file.</summary>
public sealed class ConfigurationWarmUpTests
{
    [Theory]
    [InlineData(true, "run", "--config", "site.json")]
    [InlineData(true, "status", "-c", "site.json", "--json")]
    [InlineData(true, "run", "--config=site.json")]
    [InlineData(true, "--lang", "fr", "run", "-c:site.json")]
    [InlineData(false, "keygen", "--site", "AG01", "--out", "keys")]
    [InlineData(false, "init", "--configure", "x")]
    [InlineData(false, "run", "--", "--config")]
    [InlineData(false)]
    public void Only_a_command_line_naming_a_configuration_file_warms_it_up(bool expected, params string[] args) =>
        Assert.Equal(expected, ConfigurationWarmUp.NamesConfiguration(args));
}
