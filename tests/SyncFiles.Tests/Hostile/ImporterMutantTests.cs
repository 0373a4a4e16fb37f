using System.Text;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// Mutants of a real bundle through the real importer command line: each is quarantined (exit
/// code 3) with a reason naming the bundle, and the central tables and the ledger stay exactly
/// as they were.
/// </summary>
public sealed class ImporterMutantTests
{
    public static TheoryData<string> Mutations => new(Mutants.Keys);

    private static readonly Dictionary<string, Func<byte[], byte[]>> Mutants = new()
    {
        ["cut in half"] = bundle => bundle[..(bundle.Length / 2)],
        ["cut before the end record"] = bundle => bundle[..^23],
        ["a bit flipped in the factures data"] = bundle => FlipInEntry(bundle, "tables/factures.csv"),
        ["a bit flipped in the manifest data"] = bundle => FlipInEntry(bundle, "manifest.json"),
        ["32 bytes of the central directory zeroed"] = bundle =>
        {
            var mutant = (byte[])bundle.Clone();
            Array.Clear(mutant, mutant.Length - 120, 32);
            return mutant;
        },
        ["the two tables' data swapped"] = bundle =>
        {
            var model = ZipModel.Parse(bundle);
            (model["tables/familles.csv"].Data, model["tables/factures.csv"].Data) = (model["tables/factures.csv"].Data, model["tables/familles.csv"].Data);
            return model.ToBytes();
        },
        ["the manifest's row count forged"] = bundle => HostileBundles.EditManifest(bundle, m => m["tables"]![1]!["rows"] = (long)m["tables"]![1]!["rows"]! + 1),
        ["a climbing entry added"] = bundle =>
        {
            var model = ZipModel.Parse(bundle);
            model.Entries.Add(ZipModelEntry.Deflated("../../evil.sh", Encoding.UTF8.GetBytes("rm -rf /")));
            return model.ToBytes();
        },
        ["a 64 MiB deflate bomb in place of factures"] = bundle =>
        {
            var model = ZipModel.Parse(bundle);
            var index = model.Entries.FindIndex(e => e.Name == "tables/factures.csv");
            var bomb = ZipModelEntry.Deflated("tables/factures.csv", new byte[64 * 1024 * 1024]);
            bomb.UncompressedSize = model.Entries[index].UncompressedSize;
            model.Entries[index] = bomb;
            return model.ToBytes();
        },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_mutant_bundle_is_quarantined_and_the_target_is_unchanged(string mutation)
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("""
            INSERT INTO familles VALUES (1, 'Boissons');
            INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource(ExportedBundles.ShopRows.Replace("INSERT INTO", "INSERT OR REPLACE INTO", StringComparison.Ordinal));
        var second = await File.ReadAllBytesAsync(await sync.ExportOkAsync(), TestContext.Current.CancellationToken);
        var before = Snapshot(sync);
        Directory.CreateDirectory(sync.Inbox);
        await File.WriteAllBytesAsync(Path.Combine(sync.Inbox, "AG01-00000002.zip"), Mutants[mutation](second), TestContext.Current.CancellationToken);

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 3, $"{mutation}: {result}");
        Assert.Equal(before, Snapshot(sync));
        Assert.Empty(SyncFixture.Files(sync.Inbox));
        var reason = File.ReadAllText(Assert.Single(Directory.GetFiles(sync.Quarantine, "*.error.txt")));
        Assert.StartsWith("AG01-00000002.zip", reason, StringComparison.Ordinal);
    }

    private static byte[] FlipInEntry(byte[] bundle, string name)
    {
        var model = ZipModel.Parse(bundle);
        var data = (byte[])model[name].Data.Clone();
        data[data.Length / 2] ^= 0x10;
        model[name].Data = data;
        return model.ToBytes();
    }

    private static List<object?[]> Snapshot(SyncFixture sync) =>
        [.. sync.QueryCentral("SELECT 'f', agence, id, numero, total_ttc, remarque, modifie_le FROM factures UNION ALL SELECT 'm', agence, id, libelle, NULL, NULL, NULL FROM familles ORDER BY 1, 3"),
         .. sync.QueryCentral("SELECT 'l', site_id, sequence, bundle_id, sha256, applied_utc, rows_total FROM syncfiles_ledger")];
}
