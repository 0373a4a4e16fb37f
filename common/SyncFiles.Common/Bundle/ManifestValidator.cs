using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Checks a deserialized manifest against the rules of format v1 and v2 before anything trusts it: names
/// are identifiers, nothing is duplicated or null, keys are columns, counts and sizes are sane and
/// within <see cref="BundleLimits"/>, watermarks run forwards.
/// </summary>
public static partial class ManifestValidator
{
    /// <summary>
    /// The largest sequence a bundle may carry: 99,999,999,999 (11 digits; the file name pads to at
    /// least 8). A site exporting every minute needs 190,000 years to reach it, and a bound far
    /// below <see cref="long.MaxValue"/> keeps "next sequence" arithmetic (last + 1) from
    /// overflowing on a forged manifest.
    /// </summary>
    public const long MaxSequence = 99_999_999_999;

    /// <summary>The longest <c>sourceType</c>: room for a qualified, quoted PostgreSQL or SQL Server type name.</summary>
    public const int MaxSourceTypeLength = 128;

    [GeneratedRegex(@"^[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    public static void Validate(Manifest manifest, string file) => Validate(manifest, file, BundleLimits.Default);

    public static void Validate(Manifest manifest, string file, BundleLimits limits)
    {
        // The rules below guard against forged or broken manifests; their details stay in English.
        void Fail(string problem) => throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.ManifestProblem), file, LocalizedText.Untranslated(problem)));

        if (manifest.FormatVersion < Manifest.OldestReadableFormatVersion || manifest.FormatVersion > Manifest.CurrentFormatVersion)
        {
            // A bundle from a newer exporter: the one a person meets in normal use, said in their language.
            throw new BundleFormatException(CommonText.Get(
                nameof(CommonMessages.ManifestProblem),
                file,
                CommonText.Get(nameof(CommonMessages.ManifestVersion), manifest.FormatVersion, Manifest.OldestReadableFormatVersion, Manifest.CurrentFormatVersion)));
        }

        if (!SiteId.IsValid(manifest.SiteId))
        {
            Fail($"siteId '{HostileInput.Printable(manifest.SiteId)}' is not a valid site id.");
        }

        if (manifest.Sequence < 1 || manifest.Sequence > MaxSequence)
        {
            Fail($"sequence {manifest.Sequence} must be between 1 and {MaxSequence}.");
        }

        if (manifest.BundleId == Guid.Empty)
        {
            Fail("bundleId is empty.");
        }

        if (manifest.Tables.Count > limits.MaxTables)
        {
            Fail($"lists {manifest.Tables.Count} tables, more than the {limits.MaxTables} allowed.");
        }

        var tableNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long totalBytes = 0;
        foreach (var table in manifest.Tables)
        {
            if (table is null)
            {
                Fail("tables holds a null.");
                return;
            }

            if (!Identifier.IsValid(table.Name))
            {
                Fail($"table name '{HostileInput.Printable(table.Name)}' is not a valid identifier.");
            }

            if (!tableNames.Add(table.Name))
            {
                Fail($"table {table.Name} is listed twice.");
            }

            ValidateTable(table, manifest.FormatVersion, Fail);

            // Each term is at least 0 (checked above); saturate rather than overflow on forged sizes.
            totalBytes = SaturatingAdd(totalBytes, table.Bytes, table.Deleted?.Bytes ?? 0);
            if (totalBytes > limits.MaxTotalBytes)
            {
                Fail($"its tables declare more than {limits.MaxTotalBytes} bytes in all, more than allowed.");
            }
        }
    }

    private static long SaturatingAdd(long a, long b, long c)
    {
        var sum = (Int128)a + b + c;
        return sum > long.MaxValue ? long.MaxValue : (long)sum;
    }

    private static void ValidateTable(ManifestTable table, int formatVersion, Action<string> fail)
    {
        var where = $"table {table.Name}";
        if (table.File != BundleEntries.TableFile(table.Name))
        {
            fail($"{where}: file must be '{BundleEntries.TableFile(table.Name)}', not '{HostileInput.Printable(table.File)}'.");
        }

        if (table.Columns.Count == 0)
        {
            fail($"{where}: has no columns.");
        }

        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in table.Columns)
        {
            if (column is null)
            {
                fail($"{where}: columns holds a null.");
                return;
            }

            if (!Identifier.IsValid(column.Name))
            {
                fail($"{where}: column name '{HostileInput.Printable(column.Name)}' is not a valid identifier.");
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

            if (column.SourceType is { } sourceType)
            {
                ValidateSourceType(sourceType, column, formatVersion, where, fail);
            }
        }

        if (table.Key.Count == 0)
        {
            fail($"{where}: key is empty; every table needs a key to be merged.");
        }

        foreach (var key in table.Key)
        {
            if (key is null || !columns.Contains(key))
            {
                fail($"{where}: key column '{HostileInput.Printable(key)}' is not one of its columns.");
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

        if (table.Watermark is { } watermark)
        {
            if (watermark.Column is { } watermarkColumn && !columns.Contains(watermarkColumn))
            {
                fail($"{where}: watermark column '{HostileInput.Printable(watermarkColumn)}' is not one of its columns.");
            }

            if (!Enum.IsDefined(watermark.Strategy))
            {
                fail($"{where}: watermark has an unknown strategy.");
            }

            ValidateWatermarkRange(watermark, where, fail);
        }

        if (table.Deletes is not null && (table.Kind != TableKind.Reference || table.Watermark is not null))
        {
            fail($"{where}: deletes \"mirror\" is only for reference tables exported in full.");
        }

        if (table.Deleted is { } deleted)
        {
            if (deleted.File != BundleEntries.DeletedFile(table.Name))
            {
                fail($"{where}: deleted.file must be '{BundleEntries.DeletedFile(table.Name)}', not '{HostileInput.Printable(deleted.File)}'.");
            }

            if (deleted.Rows < 0 || deleted.Bytes < 0 || !Sha256Hex().IsMatch(deleted.Sha256))
            {
                fail($"{where}: deleted has an impossible rows, bytes or sha256.");
            }
        }
    }

    /// <summary>
    /// <c>sourceType</c> (version 2) names the source's own type of a column: of one carried as
    /// that engine's text (a string), or a domain's name. It reaches logs and messages: printable,
    /// no spaces around it, at most <see cref="MaxSourceTypeLength"/> characters.
    /// </summary>
    private static void ValidateSourceType(string sourceType, ManifestColumn column, int formatVersion, string where, Action<string> fail)
    {
        if (formatVersion < 2)
        {
            fail($"{where}: column {column.Name} has a sourceType, which formatVersion {formatVersion} does not have.");
        }

        if (sourceType.Length == 0 || sourceType.Length > MaxSourceTypeLength
            || sourceType.Trim().Length != sourceType.Length
            || HostileInput.Printable(sourceType, int.MaxValue, asciiOnly: false) != sourceType)
        {
            fail($"{where}: column {column.Name} has sourceType '{HostileInput.Printable(sourceType)}', which is not 1 to {MaxSourceTypeLength} printable characters.");
        }
    }

    /// <summary>
    /// A watermark's bounds are written in the text form of the change column's type: a datetime
    /// for <c>timestamp</c>, an integer for the other strategies. Both must read as such, and a
    /// range that runs backwards (from after to) cannot come from the exporter, which never moves
    /// a bound back.
    /// </summary>
    private static void ValidateWatermarkRange(Watermark watermark, string where, Action<string> fail)
    {
        var isTime = watermark.Strategy == ChangeStrategy.Timestamp;
        IComparable? Parse(string? text, string name)
        {
            if (text is null)
            {
                return null;
            }

            if (isTime && DateTime.TryParseExact(text, ValueText.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            // A datetimeoffset change column (timestamptz): bounds in UTC, +00:00.
            if (isTime && DateTimeOffset.TryParseExact(text, ValueText.DateTimeOffsetFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return instant;
            }

            if (!isTime && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            fail($"{where}: watermark {name} '{HostileInput.Printable(text)}' is not {(isTime ? "a datetime yyyy-MM-ddTHH:mm:ss[.fffffff] (or a datetimeoffset with +00:00)" : "an integer")} as strategy {watermark.Strategy.ToString().ToLowerInvariant()} requires.");
            return null;
        }

        var from = Parse(watermark.From, "from");
        var to = Parse(watermark.To, "to");
        if (from is not null && to is not null && from.GetType() != to.GetType())
        {
            fail($"{where}: watermark from {watermark.From} and to {watermark.To} are not of one form (datetime or datetimeoffset).");
        }
        else if (from is not null && to is not null && from.CompareTo(to) > 0)
        {
            fail($"{where}: watermark runs backwards (from {watermark.From} is after to {watermark.To}).");
        }
    }
}
