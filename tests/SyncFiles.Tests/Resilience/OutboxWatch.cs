using System.Text.Json;
using SyncFiles.Common.Bundle;
using SyncFiles.Importer.Import;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// Checks a site's folder after a run, however the run ended: every bundle under a final name is
/// complete (it opens, and every table reads to the end with sizes, row counts and SHA-256 matching
/// its manifest), the state file is valid and never ahead of the bundles, and anything else is a
/// temporary dot-file ending in <c>.tmp</c>. A bundle is verified once; afterwards it must not change.
/// </summary>
public sealed class OutboxWatch
{
    private readonly SyncFixture _site;
    private readonly string _because;
    private readonly Dictionary<string, long> _verified = new(StringComparer.Ordinal);

    public OutboxWatch(SyncFixture site, string because)
    {
        _site = site;
        _because = because;
    }

    public sealed record Findings(long HighestBundle, long? StateSequence, int TempFiles, long TempBytes);

    public Findings Check()
    {
        var sequences = new List<long>();
        var temp = new List<FileInfo>();
        foreach (var file in Directory.Exists(_site.Outbox) ? new DirectoryInfo(_site.Outbox).GetFiles() : [])
        {
            if (IsTemporary(file.Name))
            {
                temp.Add(file);
                continue;
            }

            Assert.True(
                BundleFileName.TryParse(file.Name, out var site, out var sequence) && site == _site.SiteId,
                $"{_because}: unexpected file {file.Name} in the outbox (only final bundle names and .*.tmp files may be there).");
            sequences.Add(sequence);
            if (_verified.TryGetValue(file.Name, out var length))
            {
                Assert.True(file.Length == length, $"{_because}: published bundle {file.Name} changed size from {length} to {file.Length}.");
                continue;
            }

            try
            {
                var manifest = BundleVerifier.Verify(file.FullName, TestContext.Current.CancellationToken);
                Assert.Equal(sequence, manifest.Sequence);
            }
            catch (Exception ex) when (ex is SyncFiles.Common.BundleFormatException or IOException)
            {
                Assert.Fail($"{_because}: {file.Name} is under a final name but is not a complete bundle: {ex.Message}");
            }

            _verified[file.Name] = file.Length;
        }

        sequences.Sort();
        Assert.True(
            sequences.Select((sequence, index) => sequence == index + 1).All(ok => ok),
            $"{_because}: the outbox's bundles are not numbered 1..n without gaps: {string.Join(", ", sequences)}");

        foreach (var entry in new DirectoryInfo(Path.GetDirectoryName(_site.SiteConfigPath)!).GetFileSystemInfos())
        {
            Assert.True(
                // The export lock file stays after a kill; the operating system released its lock.
                entry.Name is "site.json" or ".sync_state.json" or ".sync_state.json.lock" or "outbox" || IsTemporary(entry.Name),
                $"{_because}: unexpected {entry.Name} in the site folder.");
            if (IsTemporary(entry.Name) && entry is FileInfo file)
            {
                temp.Add(file);
            }
        }

        var highest = sequences.Count == 0 ? 0 : sequences[^1];
        var state = ReadStateSequence();
        Assert.True(state is null || state <= highest, $"{_because}: the state says bundle {state} but the highest complete bundle is {highest}.");
        return new Findings(highest, state, temp.Count, temp.Sum(f => f.Length));
    }

    private static bool IsTemporary(string name) => name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);

    private long? ReadStateSequence()
    {
        if (!File.Exists(_site.StatePath))
        {
            return null;
        }

        try
        {
            using var state = JsonDocument.Parse(File.ReadAllBytes(_site.StatePath));
            return state.RootElement.GetProperty("lastSequence").GetInt64();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Assert.Fail($"{_because}: the state file is not valid: {ex.Message}\n{File.ReadAllText(_site.StatePath)}");
            throw;
        }
    }
}
