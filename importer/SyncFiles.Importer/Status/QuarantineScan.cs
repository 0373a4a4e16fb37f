using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Import;

namespace SyncFiles.Importer.Status;

/// <summary>
/// The bundles in quarantine/, each with the first line of the <c>.error.txt</c> beside it. The
/// site and sequence come from the file name (a quarantined file may not be a readable bundle at
/// all); a name that names no site is listed apart.
/// </summary>
public static partial class QuarantineScan
{
    /// <summary>The first line of a reason is shown; past this many characters it is cut.</summary>
    public const int MaxReasonChars = 400;

    private const string ErrorSuffix = ".error.txt";

    // BundleFiling adds ".1", ".2"... when a name is taken: AG01-00000007.1.zip is still AG01's 7.
    [GeneratedRegex(@"^(?<site>[A-Za-z0-9_]{1,32})-(?<seq>[0-9]{8,19})(?:\.[0-9]+)?\.zip$", RegexOptions.CultureInvariant)]
    private static partial Regex BundleName();

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

            var match = BundleName().Match(name);
            long? sequence = match.Success && long.TryParse(match.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            found.Add((sequence is null ? null : match.Groups["site"].Value, new QuarantinedBundle(name, sequence, ReasonOf(path + ErrorSuffix))));
        }

        return found;
    }

    /// <summary>
    /// The reason: the first line after <see cref="OperatorAdvice.ReasonHeading"/> in the files the
    /// importer writes, else the first non-empty line (files written by older versions or by hand).
    /// </summary>
    private static string ReasonOf(string errorFile)
    {
        try
        {
            string? first = null;
            var afterHeading = false;
            foreach (var raw in ReadBoundedLines(errorFile))
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
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return "(no .error.txt beside it)";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(its .error.txt cannot be read: {ex.Message})";
        }
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
