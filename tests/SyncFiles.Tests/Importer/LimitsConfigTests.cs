using System.Text.Json.Nodes;
using SyncFiles.Common.Bundle;
using SyncFiles.Importer.Config;
using SyncFiles.Tests.Common;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>The per-bundle caps of server.json's <c>limits</c>: defaults sized for shop data, each one configurable.</summary>
public sealed class LimitsConfigTests
{
    [Fact]
    public void The_defaults_are_1_MiB_per_field_4_MiB_per_record_and_8_GiB_per_bundle()
    {
        using var sync = ShopSchemas.NewShop();

        var limits = ServerSettings.Load(sync.ServerConfigPath).Limits;

        Assert.Equal(1024 * 1024, limits.MaxFieldBytes);
        Assert.Equal(4 * 1024 * 1024, limits.MaxRecordBytes);
        Assert.Equal(8L * 1024 * 1024 * 1024, limits.MaxTotalBytes);
    }

    [Fact]
    public void A_site_with_bigger_records_gets_them_through_limits()
    {
        using var sync = ShopSchemas.NewShop();
        ServerConfigEdit.Apply(sync, c => c["limits"] = JsonNode.Parse("""{"maxFieldBytes": 8388608, "maxRecordBytes": 16777216, "maxTotalBytes": 1000000}"""));

        var limits = ServerSettings.Load(sync.ServerConfigPath).Limits;

        Assert.Equal(BundleLimits.Default with { MaxFieldBytes = 8 * 1024 * 1024, MaxRecordBytes = 16 * 1024 * 1024, MaxTotalBytes = 1_000_000 }, limits);
    }

    [Fact]
    public async Task A_record_cap_above_the_format_s_64_MiB_is_a_configuration_error()
    {
        using var sync = ShopSchemas.NewShop();
        ServerConfigEdit.Apply(sync, c => c["limits"] = JsonNode.Parse("""{"maxRecordBytes": 67108865}"""));

        var run = await sync.ImportAsync();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("limits: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("MaxRecordBytes", run.Error, StringComparison.Ordinal);
    }
}
