using System.Text.Json;
using SyncFiles.Common.Schema;
using SyncFiles.Exporter.Cli;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Hostile;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// Site ids and identifiers end where the text ends (a final newline is not let through by a
/// pattern's <c>$</c>), and no site id is a Windows device name, anywhere a site id is taken.
/// </summary>
public sealed class SiteIdTests
{
    [Theory]
    [InlineData("AG01\n")]
    [InlineData("AG01\r\n")]
    [InlineData("CON")]
    [InlineData("con")]
    [InlineData("Nul")]
    [InlineData("aux")]
    [InlineData("PRN")]
    [InlineData("COM1")]
    [InlineData("com9")]
    [InlineData("LPT1")]
    [InlineData("lpt0")]
    public void A_site_id_with_a_final_newline_or_naming_a_Windows_device_is_refused(string siteId)
    {
        Assert.False(SiteId.IsValid(siteId));
        var refused = Assert.Throws<SyncFiles.Common.SyncFilesException>(() => SiteId.Validate(siteId, "test"));
        Assert.Contains("not a Windows device name", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AG01")]
    [InlineData("CONSOLE")]
    [InlineData("COM10")]
    [InlineData("NUL_1")]
    [InlineData("LPT")]
    public void Ordinary_site_ids_that_merely_begin_like_a_device_stay_valid(string siteId) =>
        Assert.True(SiteId.IsValid(siteId));

    [Theory]
    [InlineData("CON.private.pem")]
    [InlineData("nul.zip")]
    [InlineData("COM1 .txt")]
    public void A_device_name_with_an_extension_like_suffix_is_still_a_device_name(string name) =>
        Assert.True(SiteId.IsDeviceName(name));

    [Fact]
    public void An_identifier_with_a_final_newline_is_refused() =>
        Assert.False(Identifier.IsValid("factures\n"));

    [Fact]
    public async Task Keygen_refuses_a_device_name_and_writes_no_file()
    {
        using var keys = new TempDirectory();

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["keygen", "--site", "CON", "--out", keys.Path], o, e));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("invalid site id 'CON'", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(keys.Path));
    }

    [Fact]
    public async Task Verify_refuses_a_bundle_whose_site_id_ends_with_a_newline()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("AG01-00000001.zip");
        File.WriteAllBytes(path, HostileBundles.EditManifest(HostileBundles.Shop(), m => m["siteId"] = "AG01\n"));

        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["verify", path], o, e));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("is not a valid site id", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_configuration_listing_a_device_name_as_a_site_is_refused()
    {
        using var sync = ShopSchemas.NewShop();
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            sites = new[] { new { id = "AUX" } },
            tables = ShopSchemas.ShopServerTables,
        }));

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("site id 'AUX' is not valid: use 1 to 32 letters, digits or '_', not a Windows device name", result.Error, StringComparison.Ordinal);
    }
}
