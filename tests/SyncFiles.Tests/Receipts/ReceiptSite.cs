using System.Security.Cryptography;
using SyncFiles.Common.Receipts;
using SyncFiles.Common.Signing;
using SyncFiles.Tests.Exporter;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Receipts;

/// <summary>
/// A shop (SQLite source, in-process exporter) with a receipts folder beside site.json, and a head
/// office key pair the test signs receipts with, as <c>syncfiles-import</c> would. The key files are
/// real PEM files; only the writer of the receipt is the test.
/// </summary>
internal sealed class ReceiptSite : IDisposable
{
    private readonly TempDirectory _keys = new();

    public ReceiptSite(bool requireSignature = true, int? keepDays = 30, string? ackWarnAfter = null, bool signBundles = false)
    {
        Sync = ShopSchemas.NewShop();
        HeadOfficeKey = SigningKeys.Create();
        File.WriteAllText(HeadOfficePublicKey, HeadOfficeKey.ExportSubjectPublicKeyInfoPem());
        string? siteKey = null;
        if (signBundles)
        {
            siteKey = SignedSite.KeygenAsync(_keys).GetAwaiter().GetResult();
        }

        Sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["archive"] = new { keepDays, keepBundles = (int?)null };
            if (requireSignature)
            {
                config["headOfficeKey"] = HeadOfficePublicKey;
            }

            if (ackWarnAfter is not null)
            {
                config["ackWarnAfter"] = ackWarnAfter;
            }

            if (siteKey is not null)
            {
                config["signingKey"] = siteKey;
            }
        });
        Directory.CreateDirectory(ReceiptsFolder);
    }

    public SyncFixture Sync { get; }

    public ECDsa HeadOfficeKey { get; }

    public string HeadOfficePublicKey => _keys.Combine("headoffice.public.pem");

    public string ReceiptsFolder => Path.Combine(Path.GetDirectoryName(Sync.SiteConfigPath)!, "receipts");

    public string ReceiptPath => Path.Combine(ReceiptsFolder, $"{Sync.SiteId}.receipt.json");

    public string Archive => Sync.ArchiveOf();

    private int _round;

    /// <summary>New invoices at the source, then one export; returns the bundle's path.</summary>
    public async Task<string> ExportAsync()
    {
        _round++;
        Sync.ExecuteSource(ShopData.Factures((_round * 10) + 1, (_round * 10) + 5, _round));
        return await Sync.ExportOkAsync();
    }

    /// <summary>An export that must succeed; returns everything it logged.</summary>
    public async Task<CliResult> ExportLoggedAsync()
    {
        _round++;
        Sync.ExecuteSource(ShopData.Factures((_round * 10) + 1, (_round * 10) + 5, _round));
        var result = await Sync.ExportAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Writes a receipt as head office does, signed with <paramref name="key"/> (head office's by default; null: unsigned).</summary>
    public void WriteReceipt(long counter, long appliedThrough, long? waitingFor = null, IReadOnlyList<long>? held = null, IReadOnlyList<ReceiptQuarantinedBundle>? quarantined = null, string? site = null, ECDsa? key = null, bool unsigned = false) =>
        ReceiptFile.Write(
            ReceiptPath,
            Receipt(counter, appliedThrough, waitingFor, held, quarantined, site),
            unsigned ? null : key ?? HeadOfficeKey);

    public Receipt Receipt(long counter, long appliedThrough, long? waitingFor = null, IReadOnlyList<long>? held = null, IReadOnlyList<ReceiptQuarantinedBundle>? quarantined = null, string? site = null) =>
        new()
        {
            Format = SyncFiles.Common.Receipts.Receipt.CurrentFormat,
            Site = site ?? Sync.SiteId,
            HeadOffice = "SIEGE",
            WrittenAt = new DateTimeOffset(2026, 12, 4, 23, 10, 0, TimeSpan.Zero),
            Counter = counter,
            AppliedThrough = appliedThrough,
            Applied = [],
            Held = held ?? [],
            WaitingFor = waitingFor,
            Quarantined = quarantined ?? [],
        };

    public static ReceiptQuarantinedBundle Quarantine(long sequence, DamageKind damage, string reason) => new()
    {
        Sequence = sequence,
        File = $"AG01-{sequence:D8}.zip",
        Reason = reason,
        Damage = damage,
        At = new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero),
    };

    /// <summary>The courier takes every file from the outbox (the archive folder stays).</summary>
    public void EmptyOutbox()
    {
        foreach (var file in Directory.GetFiles(Sync.Outbox))
        {
            File.Delete(file);
        }
    }

    public List<string> OutboxFiles() => SyncFixture.Files(Sync.Outbox);

    public List<string> ArchiveFiles() => SyncFixture.Files(Archive);

    public Task<CliResult> StatusAsync(params string[] extra) =>
        CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["status", "--config", Sync.SiteConfigPath, .. extra], o, e));

    public void Dispose()
    {
        HeadOfficeKey.Dispose();
        Sync.Dispose();
        _keys.Dispose();
    }
}
