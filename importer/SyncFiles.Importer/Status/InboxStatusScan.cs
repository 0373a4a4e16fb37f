using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Status;

/// <summary>
/// What the next run would do with each bundle in the inbox, worked out without running it: the
/// manifests are read (after the same signature checks as a run), nothing is moved or locked.
/// </summary>
public sealed class InboxStatusScan
{
    private readonly Dictionary<string, List<PendingBundle>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<HeldBundle>> _held = new(StringComparer.Ordinal);

    private InboxStatusScan()
    {
    }

    public IReadOnlyCollection<string> Sites => _pending.Keys.Union(_held.Keys, StringComparer.Ordinal).ToList();

    public List<UnreadableBundle> Unreadable { get; } = [];

    public IReadOnlyList<PendingBundle> PendingOf(string site) => _pending.TryGetValue(site, out var list) ? list : [];

    public IReadOnlyList<HeldBundle> HeldOf(string site) => _held.TryGetValue(site, out var list) ? list : [];

    /// <param name="lastSequence">The site's last applied sequence, 0 when none.</param>
    public static InboxStatusScan Scan(string inbox, SignaturePolicy signatures, EncryptionPolicy encryption, BundleLimits limits, Func<string, long> lastSequence)
    {
        var scan = new InboxStatusScan();
        var found = new List<(string File, Manifest Manifest)>();
        var listing = InboxScanner.Scan(inbox);
        foreach (var entry in listing.Refused)
        {
            scan.Unreadable.Add(UnreadableFor(entry.FileName, entry.Message));
        }

        foreach (var path in listing.Bundles)
        {
            var name = Path.GetFileName(path);
            try
            {
                found.Add((name, InboxBundle.Read(path, signatures, encryption, limits).Manifest));
            }
            catch (Exception ex) when (ex is BundleFormatException or BundleRejectedException)
            {
                scan.Unreadable.Add(UnreadableFor(name, ImporterText.Get(nameof(ImporterMessages.InboxScanNextRunQuarantines), ((SyncFilesException)ex).Text)));
            }
            catch (NotAFileException ex)
            {
                scan.Unreadable.Add(UnreadableFor(name, ex.Text));
            }
            catch (UnauthorizedAccessException ex)
            {
                scan.Unreadable.Add(UnreadableFor(name, ImporterText.Get(nameof(ImporterMessages.InboxScanNoPermission), ex.Message)));
            }
            catch (IOException ex)
            {
                scan.Unreadable.Add(UnreadableFor(name, ImporterText.Get(nameof(ImporterMessages.InboxScanNotNow), ex.Message)));
            }
#pragma warning disable CA1031 // As in a run, one bundle's unexpected failure is reported against it; the status goes on.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                scan.Unreadable.Add(UnreadableFor(name, ImporterText.Get(nameof(ImporterMessages.InboxScanUnexpected), ex.GetType().Name, ex.Message.ReplaceLineEndings(" "))));
            }
        }

        foreach (var site in found.GroupBy(f => f.Manifest.SiteId, StringComparer.Ordinal))
        {
            scan.Classify(site.Key, site.OrderBy(f => f.Manifest.Sequence).ThenBy(f => f.File, StringComparer.Ordinal).ToList(), lastSequence(site.Key));
        }

        return scan;
    }

    /// <summary>
    /// The importer's order rules: the next sequence is applied, an applied one is filed, a full
    /// bundle is applied over a gap (and files whatever it skipped), anything else waits.
    /// </summary>
    private void Classify(string site, List<(string File, Manifest Manifest)> bundles, long last)
    {
        var pending = _pending[site] = [];
        var held = _held[site] = [];
        var lastFull = bundles.Where(b => b.Manifest.Mode == BundleMode.Full && b.Manifest.Sequence > last).Select(b => b.Manifest.Sequence).DefaultIfEmpty(0).Max();
        var next = Math.Max(last, lastFull) + 1;
        foreach (var (file, manifest) in bundles)
        {
            if (manifest.Sequence < next)
            {
                pending.Add(new PendingBundle(file, manifest.Sequence));
            }
            else if (manifest.Sequence == next)
            {
                pending.Add(new PendingBundle(file, manifest.Sequence));
                next++;
            }
            else
            {
                held.Add(new HeldBundle(file, manifest.Sequence, next));
            }
        }
    }

    /// <summary>The reason in English for the JSON status, and in the reader's language for the text and the page.</summary>
    private static UnreadableBundle UnreadableFor(string name, LocalizedText reason) => new(name, reason.English) { Shown = reason };
}
