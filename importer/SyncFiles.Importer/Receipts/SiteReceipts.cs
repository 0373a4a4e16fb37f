using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.IO;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Receipts;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Status;

namespace SyncFiles.Importer.Receipts;

/// <summary>
/// After a run, writes one receipt per configured site (docs/operations.md, "Receipts"), also for
/// sites with nothing new, so each site learns its state is current. A receipt that cannot be
/// written is a warning: the import itself succeeded, and the next run writes a newer one.
/// </summary>
public sealed class SiteReceipts(ServerSettings settings, ITargetProvider provider, ILogger log, TimeProvider clock)
{
    private readonly ReceiptStateStore _state = new(settings.ReceiptStateDirectory);

    public async Task WriteAsync(IReadOnlyList<BundleOutcome> outcomes, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, long> applied;
        try
        {
            applied = await ReadAppliedThroughAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is SyncFilesException or IOException or UnauthorizedAccessException or System.Data.Common.DbException && !cancellationToken.IsCancellationRequested)
        {
            log.Warning(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.LedgerUnreadable), ex.Message));
            return;
        }

        var quarantine = QuarantineScan.Scan(settings.QuarantineDirectory)
            .Select(q => (q.SiteId, q.Bundle, At: FiledAt(q.Bundle.File)))
            .ToList();
        foreach (var site in settings.Config.Sites)
        {
            WriteOne(site.Id, applied.GetValueOrDefault(site.Id), outcomes, quarantine);
        }
    }

    private void WriteOne(string siteId, long appliedThrough, IReadOnlyList<BundleOutcome> outcomes, List<(string? SiteId, QuarantinedBundle Bundle, DateTimeOffset At)> quarantine)
    {
        var folder = settings.ReceiptsDirectoryFor(siteId);
        var path = Path.Combine(folder, Receipt.FileNameFor(siteId));
        try
        {
            var now = clock.GetUtcNow();
            var counter = ReceiptStateStore.NextCounter(_state.Read(siteId), now);
            var receipt = ReceiptBuilder.Build(siteId, settings.HeadOfficeName, now, counter, appliedThrough, outcomes, quarantine);

            // The counter is recorded before the receipt leaves: a crash between the two can skip a
            // number, never reuse one.
            _state.Write(new ReceiptState { Site = siteId, Counter = counter, WrittenAt = now, AppliedThrough = appliedThrough, Path = path });
            PrivateFiles.CreateDirectory(folder);
            ReceiptFile.Write(path, receipt, settings.ReceiptSigningKey);
            log.Debug("Wrote receipt {Counter} for site {Site} to {Path}: applied through {AppliedThrough}", counter, siteId, path, appliedThrough);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warning(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.NotWritten), siteId, path, ex.Message));
        }
    }

    private async Task<IReadOnlyDictionary<string, long>> ReadAppliedThroughAsync(CancellationToken cancellationToken)
    {
        await using var target = await provider.OpenAsync(settings.Config.Target.ConnectionString, settings.BaseDirectory, log, cancellationToken);
        await target.EnsureLedgerAsync(cancellationToken);
        var last = await target.ReadLastSequencesAsync(cancellationToken);
        var bySite = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (site, sequence) in last)
        {
            bySite[site] = Math.Max(sequence, bySite.GetValueOrDefault(site));
        }

        return bySite;
    }

    /// <summary>When the bundle was quarantined: its <c>.error.txt</c> is written then and never again.</summary>
    private DateTimeOffset FiledAt(string fileName)
    {
        var errorFile = Path.Combine(settings.QuarantineDirectory, fileName + ".error.txt");
        return File.Exists(errorFile) ? new DateTimeOffset(File.GetLastWriteTimeUtc(errorFile), TimeSpan.Zero) : clock.GetUtcNow();
    }
}
