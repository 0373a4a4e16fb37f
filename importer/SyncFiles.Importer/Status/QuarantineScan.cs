using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SyncFiles.Common.Signing;

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
            found.Add((sequence is null ? null : match.Groups["site"].Value, new QuarantinedBundle(name, sequence, FirstLineOf(path + ErrorSuffix))));
        }

        return found;
    }

    private static string FirstLineOf(string errorFile)
    {
        try
        {
            using var reader = new StreamReader(errorFile, Encoding.UTF8);
            var line = new StringBuilder();
            int next;
            while ((next = reader.Read()) >= 0 && line.Length <= MaxReasonChars)
            {
                if (next is '\n' or '\r')
                {
                    if (line.Length > 0)
                    {
                        break;
                    }

                    continue;
                }

                line.Append((char)next);
            }

            var text = line.ToString().Trim();
            return text.Length > MaxReasonChars ? text[..MaxReasonChars] + "…" : text.Length == 0 ? "(its .error.txt is empty)" : text;
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
}
