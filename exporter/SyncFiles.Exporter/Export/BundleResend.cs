using System.Globalization;
using SyncFiles.Common;
using SyncFiles.Common.Signing;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// <c>syncfiles-export resend</c>: copies archived bundles back into the outbox, byte for byte (so
/// head office files any it has already applied as a duplicate). It copies all of the range or
/// nothing: when part of it is no longer archived, only a full export heals the gap.
/// </summary>
public static class BundleResend
{
    /// <summary>One bundle of the range: copied into the outbox now, or already there.</summary>
    public sealed record Item(string FileName, bool Copied, bool Signed);

    /// <param name="to">The last sequence to resend; null: the newest archived.</param>
    public static IReadOnlyList<Item> Run(SiteSettings settings, long from, long? to, TimeProvider clock)
    {
        var siteId = settings.Config.SiteId;
        var outbox = new Outbox(settings.OutboxDirectory);
        var archive = new BundleArchive(settings.ArchiveDirectory, settings.Config.Archive, clock);
        using var exportLock = TakeLock(settings, siteId);
        var state = new Common.State.SyncStateStore(settings.StateFilePath).Load();
        var newest = SequenceCounter.Read(state, outbox, archive, siteId).Next - 1;
        if (from < 1 || to < from)
        {
            throw new ConfigurationException(to is null ? ExporterText.Get(nameof(ExporterMessages.ResendNotARange), from) : ExporterText.Get(nameof(ExporterMessages.ResendNotARangeTo), from, to));
        }

        var last = to ?? Math.Max(newest, from);
        if (last > newest)
        {
            throw new ConfigurationException(
                newest == 0
                    ? ExporterText.Get(nameof(ExporterMessages.ResendNothingYet), siteId)
                    : ExporterText.Get(nameof(ExporterMessages.ResendBeyondNewest), siteId, newest, last));
        }

        var missing = new List<long>();
        for (var sequence = from; sequence <= last; sequence++)
        {
            if (archive.Find(siteId, sequence) is null)
            {
                missing.Add(sequence);
            }
        }

        if (missing.Count > 0)
        {
            var kept = archive.Sequences(siteId);
            object keeps = kept.Count == 0 ? ExporterText.Get(nameof(ExporterMessages.ArchiveKeepsNone)) : Ranges(kept);
            throw new SyncFilesException(ExporterText.Get(
                missing.Count == 1 ? nameof(ExporterMessages.ResendMissingOne) : nameof(ExporterMessages.ResendMissingMany),
                Ranges(missing),
                siteId,
                archive.Directory,
                keeps,
                settings.ConfigPath));
        }

        var items = new List<Item>();
        for (var sequence = from; sequence <= last; sequence++)
        {
            var archived = archive.Find(siteId, sequence)!;
            var copied = BundleFolder.CopyInto(archived, outbox.Directory);
            items.Add(new Item(Path.GetFileName(archived), copied, File.Exists(archived + BundleSignature.Extension)));
        }

        return items;
    }

    private static ExportLock TakeLock(SiteSettings settings, string siteId)
    {
        try
        {
            return ExportLock.Take(settings.StateFilePath, siteId);
        }
        catch (SyncFilesException ex)
        {
            throw new SyncFilesException(ExporterText.Get(nameof(ExporterMessages.ResendLocked), siteId, settings.StateFilePath), ex);
        }
    }

    /// <summary>1, 2, 3, 7 as "1..3, 7".</summary>
    public static string Ranges(IReadOnlyList<long> ascending)
    {
        var parts = new List<string>();
        for (var i = 0; i < ascending.Count;)
        {
            var j = i;
            while (j + 1 < ascending.Count && ascending[j + 1] == ascending[j] + 1)
            {
                j++;
            }

            parts.Add(i == j
                ? ascending[i].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{ascending[i]}..{ascending[j]}"));
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
