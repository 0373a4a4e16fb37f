using System.Text;
using System.Text.Json.Nodes;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// Forged manifests: each is written back with a true size and CRC (a forger's work, not line
/// noise), so only the manifest rules stand between it and the database.
/// </summary>
public sealed class ManifestHostilityTests
{
    private static string Refused(Action<JsonNode> edit) =>
        HostileBundles.Refusal(HostileBundles.EditManifest(HostileBundles.Shop(), edit));

    private static JsonNode Table(JsonNode manifest, int index) => manifest["tables"]![index]!;

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void An_unknown_format_version_is_refused(int version)
    {
        var message = Refused(m => m["formatVersion"] = version);

        Assert.Contains($"manifest.json: formatVersion {version} is not supported (this version reads 1 to 2)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_bundle_is_still_read()
    {
        var manifest = HostileBundles.Verify(HostileBundles.EditManifest(HostileBundles.Shop(), m => m["formatVersion"] = 1));

        Assert.Equal(1, manifest.FormatVersion);
    }

    [Fact]
    public void A_source_type_is_read_from_a_version_2_bundle()
    {
        var manifest = HostileBundles.Verify(HostileBundles.EditManifest(HostileBundles.Shop(), m => Table(m, 0)["columns"]![1]!["sourceType"] = "character varying(40)[]"));

        Assert.Equal("character varying(40)[]", manifest.Tables[0].Columns[1].SourceType);
        Assert.Equal("character varying(40)[]", manifest.Tables[0].Columns[1].ToSchema().SourceType);
    }

    [Fact]
    public void A_source_type_in_a_version_1_bundle_is_refused()
    {
        var message = Refused(m =>
        {
            m["formatVersion"] = 1;
            Table(m, 0)["columns"]![1]!["sourceType"] = "mpaa_rating";
        });

        Assert.Contains("manifest.json: table familles: column libelle has a sourceType, which formatVersion 1 does not have", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" text")]
    [InlineData("text\n; DROP TABLE x")]
    [InlineData("text\u202e")]
    [InlineData("long")]
    public void A_source_type_that_is_not_a_short_printable_name_is_refused(string sourceType)
    {
        sourceType = sourceType == "long" ? new string('t', 129) : sourceType;

        var message = Refused(m => Table(m, 0)["columns"]![1]!["sourceType"] = sourceType);

        Assert.Contains("manifest.json: table familles: column libelle has sourceType '", message, StringComparison.Ordinal);
        Assert.Contains("which is not 1 to 128 printable characters", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_000_000_000)]
    [InlineData(long.MaxValue)]
    public void A_sequence_out_of_range_is_refused(long sequence)
    {
        var message = Refused(m => m["sequence"] = sequence);

        Assert.Contains($"sequence {sequence} must be between 1 and 99999999999", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_sequence_is_accepted()
    {
        var manifest = HostileBundles.Verify(HostileBundles.EditManifest(HostileBundles.Shop(), m => m["sequence"] = ManifestValidator.MaxSequence));

        Assert.Equal(99_999_999_999, manifest.Sequence);
    }

    [Fact]
    public void A_sequence_that_overflows_a_long_is_refused_by_the_parser()
    {
        var bundle = HostileBundles.ReplaceManifestText(HostileBundles.Shop(), text => text.Replace("\"sequence\": 7", "\"sequence\": 9223372036854775808", StringComparison.Ordinal));

        var message = HostileBundles.Refusal(bundle);

        Assert.Contains("manifest.json is not a valid v2 manifest at $.sequence", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x]; DROP TABLE y--")]
    [InlineData("familles\"; DELETE FROM familles; --")]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a.b")]
    public void A_table_name_that_is_not_an_identifier_is_refused(string name)
    {
        var message = Refused(m => Table(m, 0)["name"] = name);

        Assert.Contains($"manifest.json: table name '{name}' is not a valid identifier", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_name_that_is_not_an_identifier_is_refused()
    {
        var message = Refused(m => Table(m, 0)["columns"]![1]!["name"] = "x]; DROP TABLE y--");

        Assert.Contains("manifest.json: table familles: column name 'x]; DROP TABLE y--' is not a valid identifier", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nulls_inside_lists_are_refused_not_crashed_on()
    {
        // The serializer enforces nullability of properties but not of list elements.
        Assert.Contains("manifest.json: tables holds a null", Refused(m => m["tables"]!.AsArray().Add(null)), StringComparison.Ordinal);
        Assert.Contains("table familles: columns holds a null", Refused(m => Table(m, 0)["columns"]!.AsArray().Add(null)), StringComparison.Ordinal);
        Assert.Contains("table familles: key column '' is not one of its columns", Refused(m => Table(m, 0)["key"]!.AsArray().Add(null)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_timestamp_watermark_that_runs_backwards_is_refused()
    {
        var message = Refused(m => Table(m, 1)["watermark"] = Watermark("modifie_le", "timestamp", "2026-11-02T10:00:00", "2026-11-01T10:00:00.5"));

        Assert.Contains("table factures: watermark runs backwards (from 2026-11-02T10:00:00 is after to 2026-11-01T10:00:00.5)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sequence_watermark_compares_as_integers_not_text()
    {
        var forwards = HostileBundles.EditManifest(HostileBundles.Shop(), m => Table(m, 1)["watermark"] = Watermark("id", "sequence", "9", "10"));
        var backwards = Refused(m => Table(m, 1)["watermark"] = Watermark("id", "sequence", "10", "9"));

        HostileBundles.Verify(forwards);
        Assert.Contains("watermark runs backwards (from 10 is after to 9)", backwards, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timestamp", "yesterday", "a datetime")]
    [InlineData("timestamp", "2026-11-01 10:00:00", "a datetime")]
    [InlineData("sequence", "12.5", "an integer")]
    [InlineData("changetracking", "1e9", "an integer")]
    public void A_watermark_bound_not_in_its_strategys_form_is_refused(string strategy, string bound, string expected)
    {
        var message = Refused(m => Table(m, 1)["watermark"] = Watermark("id", strategy, null, bound));

        Assert.Contains($"watermark to '{bound}' is not {expected}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_bounds_and_open_bounds_are_accepted()
    {
        HostileBundles.Verify(HostileBundles.EditManifest(HostileBundles.Shop(), m => Table(m, 1)["watermark"] = Watermark("modifie_le", "timestamp", "2026-11-01T10:00:00", "2026-11-01T10:00:00")));
        HostileBundles.Verify(HostileBundles.EditManifest(HostileBundles.Shop(), m => Table(m, 1)["watermark"] = Watermark("modifie_le", "timestamp", null, null)));
    }

    [Fact]
    public void A_manifest_nested_deeper_than_allowed_is_refused_without_recursing()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100_000)) + string.Concat(Enumerable.Repeat("]", 100_000));
        var message = HostileBundles.Refusal(HostileBundles.ReplaceManifestText(HostileBundles.Shop(), text => text.Replace("\"sourceProvider\": \"sqlite\"", "\"sourceProvider\": " + deep, StringComparison.Ordinal)));

        Assert.Contains("manifest.json is not a valid v2 manifest at $.sourceProvider", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_reader_stops_at_depth_sixteen()
    {
        // Every position the manifest type allows is at most five levels deep, and a deeper value
        // anywhere else is refused as unknown or mistyped before it is descended into; the JSON
        // reader's own cap is the backstop for whatever the serializer might walk into.
        Assert.Equal(16, ManifestJsonContext.Default.Options.MaxDepth);
        var json = "{\"formatVersion\": 1, \"tables\": " + string.Concat(Enumerable.Repeat("[", 17)) + string.Concat(Enumerable.Repeat("]", 17)) + "}";

        var ex = Assert.Throws<SyncFiles.Common.BundleFormatException>(() => ManifestJson.Deserialize(Encoding.UTF8.GetBytes(json), "m.zip"));

        Assert.Contains("m.zip: manifest.json is not a valid v2 manifest at $.tables", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_that_is_not_utf8_is_refused()
    {
        var model = ZipModel.Parse(HostileBundles.Shop());
        var text = HostileBundles.ManifestText(HostileBundles.Shop());
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\"sqlite\"", "\"sq\u00e9ite\"", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28;
        HostileBundles.Replace(model, BundleEntries.Manifest, bytes);

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("manifest.json is not valid UTF-8", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_whose_crc_does_not_match_is_refused()
    {
        // The zip library does not check CRCs; the manifest has no other integrity check of its own.
        var model = ZipModel.Parse(HostileBundles.Shop());
        model[BundleEntries.Manifest].Crc ^= 1;

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("manifest.json does not match the CRC-32 in the zip directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_a_thousand_tables_are_refused_by_default()
    {
        var message = Refused(m =>
        {
            var tables = m["tables"]!.AsArray();
            for (var i = 0; i < 1000; i++)
            {
                var copy = tables[0]!.DeepClone();
                copy["name"] = $"t{i}";
                copy["file"] = $"tables/t{i}.csv";
                tables.Add(copy);
            }
        });

        Assert.Contains("manifest.json: lists 1002 tables, more than the 1000 allowed", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Impossible_sizes_and_counts_are_refused()
    {
        Assert.Contains("rows and bytes cannot be negative", Refused(m => Table(m, 0)["rows"] = -1), StringComparison.Ordinal);
        Assert.Contains("rows and bytes cannot be negative", Refused(m => Table(m, 0)["bytes"] = long.MinValue), StringComparison.Ordinal);
        Assert.Contains("deleted has an impossible rows, bytes or sha256", Refused(m => Table(m, 1)["deleted"]!["bytes"] = -5), StringComparison.Ordinal);
        Assert.Contains("sha256 must be 64 lower-case hex digits", Refused(m => Table(m, 0)["sha256"] = new string('A', 64)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_name_other_than_the_tables_own_is_refused()
    {
        Assert.Contains("file must be 'tables/familles.csv', not 'tables/factures.csv'", Refused(m => Table(m, 0)["file"] = "tables/factures.csv"), StringComparison.Ordinal);
        Assert.Contains("not '../../etc/passwd'", Refused(m => Table(m, 0)["file"] = "../../etc/passwd"), StringComparison.Ordinal);
    }

    private static JsonObject Watermark(string column, string strategy, string? from, string? to) => new()
    {
        ["column"] = column,
        ["strategy"] = strategy,
        ["from"] = from,
        ["to"] = to,
    };
}
