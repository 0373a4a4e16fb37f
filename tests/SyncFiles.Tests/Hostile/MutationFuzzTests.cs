using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// Real bundles from the real exporter (deflate and zstd), shared by the fuzz tests: exported once.
/// </summary>
public sealed class ExportedBundles : IAsyncLifetime
{
    private SyncFixture? _sync;

    public byte[] Deflate { get; private set; } = [];

    public byte[] Zstd { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        _sync = ShopSchemas.NewShop();
        _sync.ExecuteSource(ShopRows);
        Deflate = await File.ReadAllBytesAsync(await _sync.ExportOkAsync("--full"));
        Zstd = await File.ReadAllBytesAsync(await _sync.ExportOkAsync("--full", "--compression", "zstd"));
    }

    public ValueTask DisposeAsync()
    {
        _sync?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A small shop with the awkward values: quotes, commas, line breaks, NULL and "".</summary>
    public static string ShopRows
    {
        get
        {
            var sql = new StringBuilder("""
                INSERT INTO familles VALUES (1, 'Boissons'), (2, 'Épicerie, fine'), (3, 'dit "Paulo"'), (4, 'deux
                lignes'), (5, '');
                """);
            for (var i = 1; i <= 40; i++)
            {
                var remarque = (i % 4) switch { 0 => "NULL", 1 => "''", 2 => "'remarque, \"citée\"'", _ => $"'ligne {i}'" };
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO factures VALUES ({i}, 'F{i:D4}', '{i * 3}.{i % 100:D2}', {remarque}, '2026-11-{1 + (i % 28):D2} {i % 24:D2}:{i % 60:D2}:00.{i:D3}');\n");
            }

            return sql.ToString();
        }
    }
}

/// <summary>
/// Random and systematic damage to real bundles: truncation at every offset, single bit flips,
/// overwritten byte runs, entries' data swapped, manifest fields altered. Every mutant goes down
/// the verifier's path (<see cref="BundleReader"/>, then every table through
/// <see cref="SyncFiles.Common.Csv.BundleTableReader"/> to the end). The only acceptable outcomes:
/// a <see cref="BundleFormatException"/>, or success with exactly the original content (a flip in a
/// field nothing reads, such as a file time). Any other exception, or a slow mutant, fails the
/// test with the seed and the mutation that caused it. Fixed seeds always run; a few random ones
/// (or SYNCFILES_TEST_SEED) run after them within a time budget.
/// </summary>
public sealed class MutationFuzzTests(ExportedBundles bundles) : IClassFixture<ExportedBundles>
{
    private const string SeedVariable = "SYNCFILES_TEST_SEED";
    private static readonly int[] FixedSeeds = [1, 2, 3, 17, 42, 1234, 65537, 20261126];
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(14);
    private static readonly TimeSpan SlowMutant = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(25);

    private string _current = "nothing yet";
    private int _mutants;
    private int _refused;
    private int _intact;

    [Fact]
    public async Task Mutants_of_real_bundles_are_refused_cleanly_or_read_intact()
    {
        var seeds = RandomSeeds();
        Report($"fixed seeds {string.Join(",", FixedSeeds)}; random seeds {string.Join(",", seeds)} (replay one with {SeedVariable}=<seed>)");
        var clock = Stopwatch.StartNew();
        var work = Task.Run(() =>
        {
            foreach (var (name, bundle) in new[] { ("deflate", bundles.Deflate), ("zstd", bundles.Zstd) })
            {
                Check(bundle, $"{name}: the original");
                Truncations(name, bundle);
                Swaps(name, bundle);
                ManifestEdits(name, bundle);
                foreach (var seed in FixedSeeds)
                {
                    RandomDamage(name, bundle, seed, flips: 150, runs: 40);
                }
            }

            foreach (var seed in seeds)
            {
                foreach (var (name, bundle) in new[] { ("deflate", bundles.Deflate), ("zstd", bundles.Zstd) })
                {
                    if (clock.Elapsed > Budget)
                    {
                        return;
                    }

                    RandomDamage(name, bundle, seed, flips: 300, runs: 80);
                }
            }
        }, TestContext.Current.CancellationToken);

        var finished = await Task.WhenAny(work, Task.Delay(Hang, TestContext.Current.CancellationToken));
        Assert.True(finished == work, $"the fuzz did not finish in {Hang.TotalSeconds} s: stuck on {_current}");
        await work;
        Report($"{_mutants} mutants in {clock.Elapsed.TotalSeconds:F1} s: {_refused} refused, {_intact} read intact");
        Assert.True(_refused > _mutants / 2, "most mutants must be refused; did the mutations reach the bundle?");
    }

    private static int[] RandomSeeds()
    {
        var configured = Environment.GetEnvironmentVariable(SeedVariable);
        if (int.TryParse(configured, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            return [seed];
        }

        return [Random.Shared.Next(), Random.Shared.Next(), Random.Shared.Next()];
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private void Truncations(string name, byte[] bundle)
    {
        var step = Math.Max(1, bundle.Length / 1500);
        for (var keep = 0; keep < bundle.Length; keep += step)
        {
            Check(bundle[..keep], $"{name}: truncated to {keep} of {bundle.Length} bytes");
        }

        // A bundle with bytes appended (a copy that did not stop) is not truncated: the end record moves.
        Check([.. bundle, .. new byte[100]], $"{name}: 100 zero bytes appended");
    }

    private void RandomDamage(string name, byte[] bundle, int seed, int flips, int runs)
    {
        var random = new Random(seed);
        for (var i = 0; i < flips; i++)
        {
            var offset = random.Next(bundle.Length);
            var bit = random.Next(8);
            var mutant = (byte[])bundle.Clone();
            mutant[offset] ^= (byte)(1 << bit);
            Check(mutant, $"{name}: seed {seed}, bit {bit} of byte {offset} flipped");
        }

        for (var i = 0; i < runs; i++)
        {
            var offset = random.Next(bundle.Length);
            var length = Math.Min(bundle.Length - offset, 1 + random.Next(64));
            var fill = random.Next(3);
            var mutant = (byte[])bundle.Clone();
            for (var k = offset; k < offset + length; k++)
            {
                mutant[k] = fill switch { 0 => 0x00, 1 => 0xFF, _ => (byte)random.Next(256) };
            }

            Check(mutant, $"{name}: seed {seed}, {length} bytes at {offset} overwritten ({(fill == 2 ? "random" : fill == 0 ? "0x00" : "0xFF")})");
        }
    }

    private void Swaps(string name, byte[] bundle)
    {
        var entries = ZipModel.Parse(bundle).Entries.Select(e => e.Name).ToList();
        foreach (var first in entries)
        {
            foreach (var second in entries.Where(e => string.CompareOrdinal(e, first) > 0))
            {
                // The data swapped, each header keeping its own sizes and CRC (a mixed-up copy)...
                var model = ZipModel.Parse(bundle);
                (model[first].Data, model[second].Data) = (model[second].Data, model[first].Data);
                Check(model.ToBytes(), $"{name}: data of {first} and {second} swapped");

                // ...and the names swapped, headers and all (a renamed pair).
                model = ZipModel.Parse(bundle);
                var (a, b) = (model[first], model[second]);
                a.Name = second;
                b.Name = first;
                Check(model.ToBytes(), $"{name}: names of {first} and {second} swapped");
            }
        }
    }

    private void ManifestEdits(string name, byte[] bundle)
    {
        var edits = new (string What, Action<JsonNode> Edit, bool Harmless)[]
        {
            ("rows + 1", m => Bump(m["tables"]![0]!, "rows", 1), false),
            ("rows - 1", m => Bump(m["tables"]![1]!, "rows", -1), false),
            ("bytes + 1", m => Bump(m["tables"]![0]!, "bytes", 1), false),
            ("bytes - 1", m => Bump(m["tables"]![1]!, "bytes", -1), false),
            ("sha256 of the other table", m => m["tables"]![0]!["sha256"] = (string?)m["tables"]![1]!["sha256"], false),
            ("a column dropped", m => m["tables"]![1]!["columns"]!.AsArray().RemoveAt(2), false),
            ("two columns swapped", m => SwapColumns(m["tables"]![1]!), false),
            ("a column's type changed", m => m["tables"]![1]!["columns"]![2]!["type"] = "int32", false),
            ("a nullable column made NOT NULL", m => m["tables"]![1]!["columns"]![3]!["nullable"] = false, false),
            ("the tables' files swapped", SwapFiles, false),
            ("a table dropped", m => m["tables"]!.AsArray().RemoveAt(0), false),
            ("sequence 0", m => m["sequence"] = 0, false),
            ("site id with a path", m => m["siteId"] = "../AG01", false),
            ("format version 3", m => m["formatVersion"] = 3, false),
            ("an unknown property", m => m["extra"] = 1, false),
            ("mode as a number", m => m["mode"] = 1, false),
            ("bundle id empty", m => m["bundleId"] = Guid.Empty.ToString(), false),
            ("compression method unknown", m => m["compression"] = "lzma", false),
            ("createdUtc changed", m => m["createdUtc"] = "2030-01-01T00:00:00+00:00", true),
            ("producer changed", m => m["producer"]!["version"] = "9.9.9", true),
        };

        foreach (var (what, edit, harmless) in edits)
        {
            var mutant = HostileBundles.EditManifest(bundle, edit);
            if (harmless)
            {
                Check(mutant, $"{name}: manifest {what}", sameManifest: false);
                continue;
            }

            Check(mutant, $"{name}: manifest {what}", mustRefuse: true);
        }
    }

    private static void Bump(JsonNode table, string property, long by) => table[property] = (long)table[property]! + by;

    private static void SwapFiles(JsonNode manifest)
    {
        var (first, second) = (manifest["tables"]![0]!, manifest["tables"]![1]!);
        var file = (string?)first["file"];
        first["file"] = (string?)second["file"];
        second["file"] = file;
    }

    private static void SwapColumns(JsonNode table)
    {
        var columns = table["columns"]!.AsArray();
        var first = columns[1]!.DeepClone();
        columns[1] = columns[2]!.DeepClone();
        columns[2] = first;
    }

    /// <summary>Runs one mutant down the verifier's path and judges the outcome.</summary>
    private void Check(byte[] mutant, string description, bool sameManifest = true, bool mustRefuse = false)
    {
        _current = description;
        Interlocked.Increment(ref _mutants);
        var clock = Stopwatch.StartNew();
        Manifest manifest;
        try
        {
            manifest = HostileBundles.Verify(mutant);
        }
        catch (BundleFormatException ex)
        {
            Assert.True(ex.Message.StartsWith(HostileBundles.Name, StringComparison.Ordinal), $"{description}: the message does not name the bundle: {ex.Message}");
            Assert.True(clock.Elapsed < SlowMutant, $"{description}: took {clock.Elapsed}");
            Interlocked.Increment(ref _refused);
            return;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{description}: {ex.GetType().Name} escaped instead of a BundleFormatException:\n{ex}");
            return;
        }

        Assert.True(clock.Elapsed < SlowMutant, $"{description}: took {clock.Elapsed}");
        Assert.False(mustRefuse, $"{description}: was accepted");
        var original = TestManifests.Parse(description.StartsWith("zstd", StringComparison.Ordinal) ? bundles.Zstd : bundles.Deflate);
        Assert.True(Tables(manifest) == Tables(original), $"{description}: accepted with different tables");
        if (sameManifest)
        {
            Assert.True(ManifestJson.Serialize(manifest).AsSpan().SequenceEqual(ManifestJson.Serialize(original)), $"{description}: accepted with a different manifest");
        }

        Interlocked.Increment(ref _intact);
    }

    private static string Tables(Manifest manifest) =>
        Encoding.UTF8.GetString(ManifestJson.Serialize(manifest with { BundleId = Guid.Empty, CreatedUtc = default, Producer = new ProducerInfo("", "") }));
}
