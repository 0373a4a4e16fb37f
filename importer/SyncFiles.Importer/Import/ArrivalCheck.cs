using System.Collections.Concurrent;
using SyncFiles.Common.Signing;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>What the importer saw of a file at one moment: enough to tell whether it changed since.</summary>
public sealed record FileSnapshot(long Length, DateTime LastWriteUtc, DateTime CreationUtc)
{
    /// <summary>The file as it is now, or null when it is not there.</summary>
    public static FileSnapshot? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileSnapshot(info.Length, info.LastWriteTimeUtc, info.CreationTimeUtc) : null;
    }
}

/// <summary>
/// Tells a bundle still being copied into the inbox from a damaged one, so that a copy in progress
/// is never quarantined as truncated. A bundle (with its <c>.sig</c>, when there is one) may still be
/// arriving when another program has it open for writing (Windows: Explorer and robocopy hold the
/// file and may give it its final size at once), when it changed between two looks, or when it was
/// written, created, or first seen by this process less than the settle time ago (Linux and network
/// shares lock nothing, so only stillness tells). Copy tools often keep the source's last-write time,
/// which is why the creation time (the copy's own) and the first sighting count too. A missing
/// <c>.sig</c> is covered by the same rule: it usually follows its bundle within seconds.
/// </summary>
public sealed class ArrivalCheck
{
    private readonly TimeSpan _settle;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DateTime>? _firstSeen;

    /// <param name="settle">How long a file must have been left alone.</param>
    /// <param name="clock">The time source (file times are compared with it).</param>
    /// <param name="rememberFirstSeen">
    /// True for a process that scans the inbox again and again (watch mode): a file it saw appear
    /// is young until the settle time has passed since, whatever its own times say.
    /// </param>
    public ArrivalCheck(TimeSpan settle, TimeProvider clock, bool rememberFirstSeen)
    {
        _settle = settle;
        _clock = clock;
        _firstSeen = rememberFirstSeen ? new ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal) : null;
    }

    /// <summary>Takes the first look at a bundle (and its signature), before it is read.</summary>
    public FileSnapshot? Observe(string bundlePath)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        _firstSeen?.TryAdd(bundlePath, now);
        _firstSeen?.TryAdd(bundlePath + BundleSignature.Extension, now);
        return FileSnapshot.Of(bundlePath);
    }

    /// <summary>
    /// Why the bundle at <paramref name="bundlePath"/> may still be arriving, or null when it and its
    /// signature have settled (then a problem with it is real). <paramref name="before"/> is what
    /// <see cref="Observe"/> returned before the bundle was read.
    /// </summary>
    public string? StillArriving(string bundlePath, FileSnapshot? before) => WhyStillArriving(bundlePath, before)?.English;

    /// <summary>The same answer, to be shown in each reader's language.</summary>
    public LocalizedText? WhyStillArriving(string bundlePath, FileSnapshot? before)
    {
        var now = FileSnapshot.Of(bundlePath);
        if (now is null)
        {
            return ImporterText.Get(nameof(ImporterMessages.ArrivalGone));
        }

        if (before is not null && HowChanged(bundlePath, before) is { } changed)
        {
            return changed;
        }

        var signature = bundlePath + BundleSignature.Extension;
        var signatureNow = FileSnapshot.Of(signature);
        return InUse(bundlePath) ?? Recent(bundlePath, now, ImporterText.Get(nameof(ImporterMessages.ArrivalIt)))
            ?? (signatureNow is null ? null : InUse(signature) ?? Recent(signature, signatureNow, ImporterText.Get(nameof(ImporterMessages.ArrivalItsSignature))));
    }

    /// <summary>How the file differs from <paramref name="before"/>, or null when it has not changed.</summary>
    public static string? Changed(string path, FileSnapshot? before) => HowChanged(path, before)?.English;

    /// <summary>The same answer, to be shown in each reader's language.</summary>
    public static LocalizedText? HowChanged(string path, FileSnapshot? before)
    {
        var now = FileSnapshot.Of(path);
        if (now == before)
        {
            return null;
        }

        return now is null || before is null
            ? ImporterText.Get(nameof(ImporterMessages.ArrivalAppeared))
            : ImporterText.Get(nameof(ImporterMessages.ArrivalChanged), before.Length, now.Length);
    }

    /// <summary>Forgets files no longer in the inbox, so a long-running process does not grow.</summary>
    public void ForgetAllBut(IReadOnlyCollection<string> bundlePaths)
    {
        if (_firstSeen is null)
        {
            return;
        }

        var keep = new HashSet<string>(bundlePaths.SelectMany(p => new[] { p, p + BundleSignature.Extension }), StringComparer.Ordinal);
        foreach (var path in _firstSeen.Keys.Where(p => !keep.Contains(p)).ToList())
        {
            _firstSeen.TryRemove(path, out _);
        }
    }

    private static LocalizedText? InUse(string path)
    {
        if (InboxEntryProbe.Kind(path) is not InboxEntryKind.RegularFile)
        {
            // Never opened here: the read refuses it with its reason.
            return null;
        }

        try
        {
            // Denying writers: on Windows this fails while a copy holds the file open for writing;
            // on Linux it fails only against a writer that locked the file (another .NET program).
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return null;
        }
        catch (FileNotFoundException)
        {
            return ImporterText.Get(nameof(ImporterMessages.ArrivalFileGone), Path.GetFileName(path));
        }
        catch (UnauthorizedAccessException)
        {
            // Not readable to this account: that says nothing about a copy in progress.
            return null;
        }
        catch (IOException ex)
        {
            return ImporterText.Get(nameof(ImporterMessages.ArrivalOpen), Path.GetFileName(path), ex.Message);
        }
    }

    private LocalizedText? Recent(string path, FileSnapshot snapshot, LocalizedText what)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var touched = snapshot.LastWriteUtc > snapshot.CreationUtc ? snapshot.LastWriteUtc : snapshot.CreationUtc;
        if (_firstSeen is not null && _firstSeen.TryGetValue(path, out var seen) && seen > touched)
        {
            touched = seen;
        }

        var age = now - touched;
        return age < _settle
            ? ImporterText.Get(nameof(ImporterMessages.ArrivalRecent), what, Math.Max(0, age.TotalSeconds), _settle.TotalSeconds)
            : null;
    }
}
