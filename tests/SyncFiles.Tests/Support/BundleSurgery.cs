using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SyncFiles.Tests.Support;

/// <summary>Makes damaged or forged copies of real bundles, as a bad courier or an attacker would.</summary>
public static class BundleSurgery
{
    /// <summary>Rewrites a bundle entry by entry; <paramref name="change"/> returns the new content, or null to drop the entry.</summary>
    public static void Rewrite(string source, string target, Func<string, byte[], byte[]?> change, IEnumerable<(string Name, byte[] Content)>? extra = null)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            using var buffer = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(buffer);
            }

            var content = change(entry.FullName, buffer.ToArray());
            if (content is not null)
            {
                Add(output, entry.FullName, content);
            }
        }

        foreach (var (name, content) in extra ?? [])
        {
            Add(output, name, content);
        }
    }

    /// <summary>Replaces text in one CSV entry and, when <paramref name="fixManifest"/>, updates the manifest's bytes and sha256 to match (a forgery that passes the hash check).</summary>
    public static void EditCsv(string source, string target, string table, string find, string replace, bool fixManifest)
    {
        byte[]? edited = null;
        Rewrite(source, target, (name, content) =>
        {
            if (name == $"tables/{table}.csv")
            {
                var text = Encoding.UTF8.GetString(content);
                Assert.Contains(find, text, StringComparison.Ordinal);
                edited = Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal));
                return edited;
            }

            if (name == "manifest.json" && fixManifest)
            {
                return null; // Written below, once the edited CSV is known.
            }

            return content;
        });

        if (fixManifest)
        {
            using var input = ZipFile.OpenRead(source);
            using var reader = new StreamReader(input.GetEntry("manifest.json")!.Open());
            var manifest = JsonNode.Parse(reader.ReadToEnd())!;
            var entry = manifest["tables"]!.AsArray().Single(t => (string?)t!["name"] == table)!;
            entry["bytes"] = edited!.Length;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(edited));
            using var output = ZipFile.Open(target, ZipArchiveMode.Update);
            Add(output, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }
    }

    /// <summary>Adds a tombstone entry (CSV of key columns) for a table and lists it, with its true hash, in the manifest.</summary>
    public static void AddTombstones(string source, string target, string table, string csv)
    {
        var content = Encoding.UTF8.GetBytes(csv);
        var file = $"tables/{table}.deleted.csv";
        Rewrite(source, target, (name, bytes) =>
        {
            if (name != "manifest.json")
            {
                return bytes;
            }

            var manifest = JsonNode.Parse(bytes)!;
            var entry = manifest["tables"]!.AsArray().Single(t => (string?)t!["name"] == table)!;
            entry["deleted"] = new JsonObject
            {
                ["file"] = file,
                ["rows"] = csv.Count(c => c == '\n') - 1,
                ["bytes"] = content.Length,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
            };
            return Encoding.UTF8.GetBytes(manifest.ToJsonString());
        }, [(file, content)]);
    }

    public static void Truncate(string source, string target, int keepBytes)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(target, bytes[..Math.Min(keepBytes, bytes.Length)]);
    }

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(content);
    }
}
