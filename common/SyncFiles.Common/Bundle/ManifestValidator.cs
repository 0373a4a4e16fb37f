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
        void Problem(LocalizedText problem) => throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.ManifestProblem), file, problem));
        void Fail(string key, params object?[] arguments) => Problem(CommonText.Get(key, arguments));

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
            Fail(nameof(CommonMessages.MsgManifestSiteIdInvalid), HostileInput.Printable(manifest.SiteId));
        }

        if (manifest.Sequence < 1 || manifest.Sequence > MaxSequence)
        {
            Fail(nameof(CommonMessages.MsgManifestSequenceRange), manifest.Sequence, MaxSequence);
        }

        if (manifest.BundleId == Guid.Empty)
        {
            Fail(nameof(CommonMessages.MsgManifestBundleIdEmpty));
        }

        if (manifest.Tables.Count > limits.MaxTables)
        {
            Fail(nameof(CommonMessages.MsgManifestTooManyTables), manifest.Tables.Count, limits.MaxTables);
        }

        var tableNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long totalBytes = 0;
        foreach (var table in manifest.Tables)
        {
            if (table is null)
            {
                Fail(nameof(CommonMessages.MsgManifestTablesNull));
                return;
            }

            if (!Identifier.IsValid(table.Name))
            {
                Fail(nameof(CommonMessages.MsgManifestTableNameInvalid), HostileInput.Printable(table.Name));
            }

            if (!tableNames.Add(table.Name))
            {
                Fail(nameof(CommonMessages.MsgManifestTableTwice), table.Name);
            }

            ValidateTable(table, manifest.FormatVersion, Problem);

            // Each term is at least 0 (checked above); saturate rather than overflow on forged sizes.
            totalBytes = SaturatingAdd(totalBytes, table.Bytes, table.Deleted?.Bytes ?? 0);
            if (totalBytes > limits.MaxTotalBytes)
            {
                Fail(nameof(CommonMessages.MsgManifestTooManyBytes), limits.MaxTotalBytes);
            }
        }
    }

    private static long SaturatingAdd(long a, long b, long c)
    {
        var sum = (Int128)a + b + c;
        return sum > long.MaxValue ? long.MaxValue : (long)sum;
    }

    private static void ValidateTable(ManifestTable table, int formatVersion, Action<LocalizedText> fail)
    {
        var tableName = table.Name;
        if (table.File != BundleEntries.TableFile(table.Name))
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestFileName), tableName, BundleEntries.TableFile(table.Name), HostileInput.Printable(table.File)));
        }

        if (table.Columns.Count == 0)
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestNoColumns), tableName));
        }

        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in table.Columns)
        {
            if (column is null)
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestColumnsNull), tableName));
                return;
            }

            if (!Identifier.IsValid(column.Name))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestColumnNameInvalid), tableName, HostileInput.Printable(column.Name)));
            }

            if (!columns.Add(column.Name))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestColumnTwice), tableName, column.Name));
            }

            if (!Enum.IsDefined(column.Type))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestColumnType), tableName, column.Name));
            }

            if (column.Length < 0 || column.Precision < 0 || column.Scale < 0 || column.Scale > column.Precision)
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestColumnSize), tableName, column.Name));
            }

            if (column.SourceType is { } sourceType)
            {
                ValidateSourceType(sourceType, column, formatVersion, tableName, fail);
            }
        }

        if (table.Key.Count == 0)
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestKeyEmpty), tableName));
        }

        foreach (var key in table.Key)
        {
            if (key is null || !columns.Contains(key))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestKeyNotColumn), tableName, HostileInput.Printable(key)));
            }
        }

        if (table.Rows < 0 || table.Bytes < 0)
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestNegative), tableName));
        }

        if (!Sha256Hex().IsMatch(table.Sha256))
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestSha256), tableName));
        }

        if (table.Watermark is { } watermark)
        {
            if (watermark.Column is { } watermarkColumn && !columns.Contains(watermarkColumn))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestWatermarkColumn), tableName, HostileInput.Printable(watermarkColumn)));
            }

            if (!Enum.IsDefined(watermark.Strategy))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestWatermarkStrategy), tableName));
            }

            ValidateWatermarkRange(watermark, tableName, fail);
        }

        if (table.Deletes is not null && (table.Kind != TableKind.Reference || table.Watermark is not null))
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestMirrorNotReference), tableName));
        }

        if (table.Deleted is { } deleted)
        {
            if (deleted.File != BundleEntries.DeletedFile(table.Name))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestDeletedFileName), tableName, BundleEntries.DeletedFile(table.Name), HostileInput.Printable(deleted.File)));
            }

            if (deleted.Rows < 0 || deleted.Bytes < 0 || !Sha256Hex().IsMatch(deleted.Sha256))
            {
                fail(CommonText.Get(nameof(CommonMessages.MsgManifestDeletedImpossible), tableName));
            }
        }
    }

    /// <summary>
    /// <c>sourceType</c> (version 2) names the source's own type of a column: of one carried as
    /// that engine's text (a string), or a domain's name. It reaches logs and messages: printable,
    /// no spaces around it, at most <see cref="MaxSourceTypeLength"/> characters.
    /// </summary>
    private static void ValidateSourceType(string sourceType, ManifestColumn column, int formatVersion, string tableName, Action<LocalizedText> fail)
    {
        if (formatVersion < 2)
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestSourceTypeVersion), tableName, column.Name, formatVersion));
        }

        if (sourceType.Length == 0 || sourceType.Length > MaxSourceTypeLength
            || sourceType.Trim().Length != sourceType.Length
            || HostileInput.Printable(sourceType, int.MaxValue, asciiOnly: false) != sourceType)
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestSourceTypeInvalid), tableName, column.Name, HostileInput.Printable(sourceType), MaxSourceTypeLength));
        }
    }

    /// <summary>
    /// A watermark's bounds are written in the text form of the change column's type: a datetime
    /// for <c>timestamp</c>, an integer for the other strategies. Both must read as such, and a
    /// range that runs backwards (from after to) cannot come from the exporter, which never moves
    /// a bound back.
    /// </summary>
    private static void ValidateWatermarkRange(Watermark watermark, string tableName, Action<LocalizedText> fail)
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

            fail(CommonText.Get(
                isTime ? nameof(CommonMessages.MsgManifestWatermarkNotTime) : nameof(CommonMessages.MsgManifestWatermarkNotInteger),
                tableName,
                name,
                HostileInput.Printable(text),
                watermark.Strategy.ToString().ToLowerInvariant()));
            return null;
        }

        var from = Parse(watermark.From, "from");
        var to = Parse(watermark.To, "to");
        if (from is not null && to is not null && from.GetType() != to.GetType())
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestWatermarkForms), tableName, watermark.From, watermark.To));
        }
        else if (from is not null && to is not null && from.CompareTo(to) > 0)
        {
            fail(CommonText.Get(nameof(CommonMessages.MsgManifestWatermarkBackwards), tableName, watermark.From, watermark.To));
        }
    }
}
