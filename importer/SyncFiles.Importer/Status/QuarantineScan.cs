using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SyncFiles.Common.Receipts;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Receipts;

namespace SyncFiles.Importer.Status;

/// <summary>
/// The bundles in quarantine/, each with the first line of the <c>.error.txt</c> beside it. The
/// site and sequence are the ones the importer verified and wrote in the <c>.error.txt</c>
/// (<c>Site AG01, sequence 7.</c>), never the file name: anyone who can write to the inbox can
/// name a file <c>AG02-00000005.zip</c>, and a file the importer could not read, verify or
/// attribute has no such line. Those are listed apart, as unattributed.
/// </summary>
public static partial class QuarantineScan
{
    /// <summary>The first line of a reason is shown; past this many characters it is cut.</summary>
    public const int MaxReasonChars = 400;

    private const string ErrorSuffix = ".error.txt";

    // The line OperatorAdvice.ErrorFile writes when the bundle's site is known (read, and signed where required).
    [GeneratedRegex(@"^Site (?<site>[A-Za-z0-9_]{1,32}), sequence (?<seq>[0-9]{1,19})\.\z", RegexOptions.CultureInvariant)]
    private static partial Regex SiteLine();

    public static IReadOnlyList<(string? SiteId, QuarantinedBundle Bundle)> Scan(string quarantine)
    {
        if (!Directory.Exists(quarantine))
        {
            return [];
        }

        var found = new List<(string?, QuarantinedBundle)>();
        foreach (var path in Directory.EnumerateFiles(quarantine).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name.EndsWith(ErrorSuffix, StringComparison.OrdinalIgnoreCase) || name.EndsWith(BundleSignature.Extension, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var (site, sequence, reason, damage) = Read(path + ErrorSuffix);
            found.Add((site, new QuarantinedBundle(name, sequence, reason) { Damage = damage?.ToString().ToLowerInvariant() }));
        }

        return found;
    }

    /// <summary>The verified site and sequence (null when the file names none) and the reason.</summary>
    private static (string? Site, long? Sequence, string Reason, DamageKind? Damage) Read(string errorFile)
    {
        string[] lines;
        try
        {
            lines = ReadBoundedLines(errorFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, null, "(no .error.txt beside it)", null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, null, $"(its .error.txt cannot be read: {ex.Message})", null);
        }

        // Only before the reason: a reason quoting such a line attributes nothing.
        var heading = Array.FindIndex(lines, l => l.Trim() == OperatorAdvice.ReasonHeading);
        var site = lines.Take(heading < 0 ? 0 : heading).Select(l => SiteLine().Match(l.TrimEnd('\r'))).FirstOrDefault(m => m.Success);
        long? sequence = site is not null && long.TryParse(site.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return (sequence is null ? null : site!.Groups["site"].Value, sequence, ReasonOf(lines), DamageClassification.Parse(lines));
    }

    /// <summary>
    /// The reason: the first line after <see cref="OperatorAdvice.ReasonHeading"/> in the files the
    /// importer writes, else the first non-empty line (files written by older versions or by hand).
    /// </summary>
    private static string ReasonOf(string[] lines)
    {
        string? first = null;
        var afterHeading = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (afterHeading)
            {
                return Shorten(line);
            }

            afterHeading = line == OperatorAdvice.ReasonHeading;
            first ??= afterHeading ? null : line;
        }

        return first is null ? "(its .error.txt is empty)" : Shorten(first);
    }

    private static string Shorten(string text) => text.Length > MaxReasonChars ? text[..MaxReasonChars] + "…" : text;

    /// <summary>The lines of the first 64 KiB: a huge or hostile file costs nothing more.</summary>
    private static string[] ReadBoundedLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[Math.Min(stream.Length, 64 * 1024)];
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer).Split('\n');
    }
}
