using System.Text.RegularExpressions;
using SyncFiles.Common.Schema;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Checks a deserialized manifest against the rules of format v1 before anything trusts it: names
/// are identifiers, nothing is duplicated, keys are columns, counts are sane.
/// </summary>
public static partial class ManifestValidator
{
    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    public static void Validate(Manifest manifest, string file)
    {
        void Fail(string problem) => throw new BundleFormatException($"{file}: manifest.json: {problem}");

        if (manifest.FormatVersion != Manifest.CurrentFormatVersion)
        {
            Fail($"formatVersion {manifest.FormatVersion} is not supported (this version reads {Manifest.CurrentFormatVersion}); upgrade syncfiles-import.");
        }

        if (!SiteId.IsValid(manifest.SiteId))
        {
            Fail($"siteId '{manifest.SiteId}' is not a valid site id.");
        }

        if (manifest.Sequence < 1)
        {
            Fail($"sequence {manifest.Sequence} must be 1 or more.");
        }

        if (manifest.BundleId == Guid.Empty)
        {
            Fail("bundleId is empty.");
        }

        var tableNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in manifest.Tables)
        {
            if (!Identifier.IsValid(table.Name))
            {
                Fail($"table name '{table.Name}' is not a valid identifier.");
            }

            if (!tableNames.Add(table.Name))
            {
                Fail($"table {table.Name} is listed twice.");
            }

            ValidateTable(table, Fail);
        }
    }

    private static void ValidateTable(ManifestTable table, Action<string> fail)
    {
        var where = $"table {table.Name}";
        if (table.File != BundleEntries.TableFile(table.Name))
        {
            fail($"{where}: file must be '{BundleEntries.TableFile(table.Name)}', not '{table.File}'.");
        }

        if (table.Columns.Count == 0)
        {
            fail($"{where}: has no columns.");
        }

        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in table.Columns)
        {
            if (!Identifier.IsValid(column.Name))
            {
                fail($"{where}: column name '{column.Name}' is not a valid identifier.");
            }

            if (!columns.Add(column.Name))
            {
                fail($"{where}: column {column.Name} is listed twice.");
            }

            if (!Enum.IsDefined(column.Type))
            {
                fail($"{where}: column {column.Name} has an unknown type.");
            }

            if (column.Length < 0 || column.Precision < 0 || column.Scale < 0 || column.Scale > column.Precision)
            {
                fail($"{where}: column {column.Name} has an impossible length, precision or scale.");
            }
        }

        if (table.Key.Count == 0)
        {
            fail($"{where}: key is empty; every table needs a key to be merged.");
        }

        foreach (var key in table.Key)
        {
            if (!columns.Contains(key))
            {
                fail($"{where}: key column {key} is not one of its columns.");
            }
        }

        if (table.Rows < 0 || table.Bytes < 0)
        {
            fail($"{where}: rows and bytes cannot be negative.");
        }

        if (!Sha256Hex().IsMatch(table.Sha256))
        {
            fail($"{where}: sha256 must be 64 lower-case hex digits.");
        }

        if (table.Watermark is { Column: { } watermarkColumn } && !columns.Contains(watermarkColumn))
        {
            fail($"{where}: watermark column {watermarkColumn} is not one of its columns.");
        }

        if (table.Deletes is not null && (table.Kind != TableKind.Reference || table.Watermark is not null))
        {
            fail($"{where}: deletes \"mirror\" is only for reference tables exported in full.");
        }

        if (table.Deleted is { } deleted)
        {
            if (deleted.File != BundleEntries.DeletedFile(table.Name))
            {
                fail($"{where}: deleted.file must be '{BundleEntries.DeletedFile(table.Name)}', not '{deleted.File}'.");
            }

            if (deleted.Rows < 0 || deleted.Bytes < 0 || !Sha256Hex().IsMatch(deleted.Sha256))
            {
                fail($"{where}: deleted has an impossible rows, bytes or sha256.");
            }
        }
    }
}
