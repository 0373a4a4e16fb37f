using System.Text.Json.Nodes;

namespace SyncFiles.Tests.Hostile;

/// <summary>Watermarks of a datetimeoffset (timestamptz) change column: bounds in UTC with +00:00.</summary>
public sealed class WatermarkInstantTests
{
    [Fact]
    public void Datetimeoffset_bounds_are_accepted_and_compared_as_instants()
    {
        var forwards = HostileBundles.EditManifest(HostileBundles.Shop(), m => Factures(m)["watermark"] = Watermark("2026-11-01T10:00:00+00:00", "2026-11-02T10:00:00.1234567+00:00"));
        var backwards = HostileBundles.Refusal(HostileBundles.EditManifest(HostileBundles.Shop(), m => Factures(m)["watermark"] = Watermark("2026-11-02T10:00:00+00:00", "2026-11-01T10:00:00+00:00")));

        HostileBundles.Verify(forwards);
        Assert.Contains("table factures: watermark runs backwards (from 2026-11-02T10:00:00+00:00 is after to 2026-11-01T10:00:00+00:00)", backwards, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_of_two_forms_in_one_watermark_are_refused()
    {
        var message = HostileBundles.Refusal(HostileBundles.EditManifest(HostileBundles.Shop(), m => Factures(m)["watermark"] = Watermark("2026-11-01T10:00:00", "2026-11-02T10:00:00+00:00")));

        Assert.Contains("table factures: watermark from 2026-11-01T10:00:00 and to 2026-11-02T10:00:00+00:00 are not of one form", message, StringComparison.Ordinal);
    }

    private static JsonNode Factures(JsonNode manifest) => manifest["tables"]![1]!;

    private static JsonObject Watermark(string from, string to) => new()
    {
        ["column"] = "modifie_le",
        ["strategy"] = "timestamp",
        ["from"] = from,
        ["to"] = to,
    };
}
