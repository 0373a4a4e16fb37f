using System.Globalization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.IO;
using SyncFiles.Common.Signing;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Moves handled bundles out of the inbox: applied and duplicate ones to processed/, refused ones to
/// quarantine/ beside a <c>.error.txt</c> that says why. A name already taken (by a bundle, a
/// <c>.sig</c> or a <c>.error.txt</c>) gets a numeric suffix: nothing is ever overwritten or deleted.
/// </summary>
public sealed class BundleFiling
{
    private readonly string _processed;
    private readonly string _quarantine;

    public BundleFiling(string processed, string quarantine)
    {
        _processed = processed;
        _quarantine = quarantine;
    }

    /// <summary>Moves the bundle to processed/; returns where it went, or null when another importer already moved it.</summary>
    public string? ToProcessed(string bundlePath, string? suffix = null) => Move(bundlePath, _processed, suffix);

    /// <summary>Writes the reason beside the bundle in quarantine/ and moves the bundle there.</summary>
    public string? ToQuarantine(string bundlePath, string reason)
    {
        PrivateFiles.CreateDirectory(_quarantine);
        var target = FreeName(_quarantine, Path.GetFileName(bundlePath), null);
        // Owner-only: the reason may quote the refused value (customer data), which nothing else does.
        PrivateFiles.WriteNewText(target + ".error.txt", reason.ReplaceLineEndings("\n") + "\n");
        return Move(bundlePath, target);
    }

    private static string? Move(string bundlePath, string directory, string? suffix)
    {
        PrivateFiles.CreateDirectory(directory);
        return Move(bundlePath, FreeName(directory, Path.GetFileName(bundlePath), suffix));
    }

    private static string? Move(string bundlePath, string target)
    {
        try
        {
            // The signature travels with its bundle, and goes first: a bundle is never left
            // somewhere without the signature that vouches for it.
            var signature = bundlePath + BundleSignature.Extension;
            if (File.Exists(signature))
            {
                File.Move(signature, target + BundleSignature.Extension, overwrite: false);
            }

            File.Move(bundlePath, target, overwrite: false);

            // A rename keeps the mode the courier gave the file (often world-readable); what is filed
            // here is the importer's now. A file owned by another account keeps its mode, but the
            // owner-only folder still keeps others out.
            PrivateFiles.Restrict(target);
            return target;
        }
        catch (FileNotFoundException)
        {
            // Another importer filed it first.
            return null;
        }
    }

    private static string FreeName(string directory, string fileName, string? suffix)
    {
        // An encrypted bundle's two extensions stay together: AG01-00000001.1.zip.enc.
        var encrypted = fileName.EndsWith(BundleFileName.Extension + EncryptedBundleFile.Extension, StringComparison.OrdinalIgnoreCase);
        var extension = encrypted ? fileName[^(BundleFileName.Extension.Length + EncryptedBundleFile.Extension.Length)..] : Path.GetExtension(fileName);
        var stem = fileName[..^extension.Length] + (suffix is null ? string.Empty : "." + suffix);
        var candidate = Path.Combine(directory, stem + extension);
        // A name is free when neither the bundle nor its signature nor its reason is there: a stray
        // .sig left by hand is kept as it is, like any other file already in the folder.
        for (var n = 1; File.Exists(candidate) || File.Exists(candidate + BundleSignature.Extension) || File.Exists(candidate + ".error.txt"); n++)
        {
            candidate = Path.Combine(directory, $"{stem}.{n.ToString(CultureInfo.InvariantCulture)}{extension}");
        }

        return candidate;
    }
}
