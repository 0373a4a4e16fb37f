using SharpCompress.Archives;
using SharpCompress.Common;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// The rules one zip entry must meet, judged from the zip's central directory alone, before a byte
/// of it is decompressed: a safe relative name, a plain file (no directory, link or device), not
/// encrypted, a compression method bundles use, and sizes that are possible for this file.
/// </summary>
internal static class BundleEntryRules
{
    /// <summary>Longer than any name a bundle can hold (<c>tables/</c>, a 128-character table name, <c>.deleted.csv</c>).</summary>
    public const int MaxNameLength = 255;

    // Unix file types in the high 16 bits of the external attributes (st_mode >> 12 << 12).
    private const int UnixTypeMask = 0xF000;
    private const int UnixRegular = 0x8000;
    private const int UnixDirectory = 0x4000;
    private const int UnixSymlink = 0xA000;

    // MS-DOS attributes in the low byte.
    private const int DosVolumeLabel = 0x08;
    private const int DosDirectory = 0x10;
    private const int DosReparsePoint = 0x400;

    /// <summary>Checks <paramref name="entry"/> and returns its method; throws <see cref="BundleFormatException"/> naming the rule broken.</summary>
    public static BundleEntryMethod Check(IArchiveEntry entry, long fileLength, BundleLimits limits, string bundle)
    {
        var key = entry.Key ?? string.Empty;
        var name = HostileInput.Printable(key);
        BundleFormatException Refuse(string problem) => new($"{bundle}: entry '{name}' {problem}");

        var attributes = entry.Attrib ?? 0;
        var unixType = (attributes >> 16) & UnixTypeMask;
        if (!string.IsNullOrEmpty(entry.LinkTarget) || unixType == UnixSymlink || (attributes & DosReparsePoint) != 0)
        {
            throw Refuse("is a symbolic link; bundles hold only files.");
        }

        if (entry.IsDirectory || unixType == UnixDirectory || (attributes & (DosDirectory | DosVolumeLabel)) != 0)
        {
            throw Refuse("is a directory; bundles hold only files.");
        }

        if (unixType != 0 && unixType != UnixRegular)
        {
            throw Refuse("is a device, FIFO or socket; bundles hold only files.");
        }

        if (NameProblem(key) is { } problem)
        {
            // No manifest can list such a name (files are tables/<identifier>.csv), so say both.
            throw Refuse($"is not listed in the manifest: its name is unsafe ({problem}); bundles hold only manifest.json and tables/<table>.csv.");
        }

        if (entry.IsEncrypted)
        {
            throw Refuse("is encrypted; bundles are never encrypted.");
        }

        var method = entry.CompressionType switch
        {
            CompressionType.None => BundleEntryMethod.Stored,
            CompressionType.Deflate => BundleEntryMethod.Deflate,
            CompressionType.ZStandard => BundleEntryMethod.Zstd,
            var other => throw Refuse($"uses compression method {other}; bundles use deflate or zstd only."),
        };

        if (entry.Size < 0 || entry.CompressedSize < 0)
        {
            throw Refuse($"declares a negative size ({entry.Size} bytes, {entry.CompressedSize} compressed).");
        }

        if (entry.CompressedSize > fileLength)
        {
            throw Refuse($"declares {entry.CompressedSize} compressed bytes but the whole file has {fileLength}.");
        }

        var most = limits.MaxUncompressed(method, entry.CompressedSize);
        if (entry.Size > most)
        {
            throw Refuse(
                $"declares {entry.Size} bytes from {entry.CompressedSize} compressed bytes, more than {most} ({method.ToString().ToLowerInvariant()} at most {Ratio(limits, method)}:1; a decompression bomb?).");
        }

        return method;
    }

    /// <summary>Why <paramref name="key"/> is not a safe relative entry name, or null when it is.</summary>
    public static string? NameProblem(string key)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }

        if (key.Length > MaxNameLength)
        {
            return $"longer than {MaxNameLength} characters";
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return "a control, space or non-ASCII character";
            }
        }

        if (key.Contains('\\', StringComparison.Ordinal))
        {
            return "a backslash; the separator is '/'";
        }

        if (key[0] == '/')
        {
            return "an absolute path";
        }

        if (key.Length >= 2 && key[1] == ':')
        {
            return "a drive letter";
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment == "..")
            {
                return "a '..' segment";
            }

            if (segment.Length == 0 || segment == ".")
            {
                return "an empty or '.' segment";
            }
        }

        return null;
    }

    private static int Ratio(BundleLimits limits, BundleEntryMethod method) =>
        (int)limits.MaxUncompressed(method, 1);
}
