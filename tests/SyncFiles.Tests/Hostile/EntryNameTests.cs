using System.Text;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// Zip entries a bundle must never hold: unsafe names, directories, links, duplicates and strays.
/// Each is refused from the zip directory alone, with a message naming the entry, before any
/// byte of it is decompressed; nothing is ever extracted to disk.
/// </summary>
public sealed class EntryNameTests
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("id\n1\n");

    private static byte[] WithExtra(params ZipModelEntry[] extra)
    {
        var model = ZipModel.Parse(HostileBundles.Shop());
        model.Entries.InsertRange(0, extra);
        return model.ToBytes();
    }

    [Fact]
    public void The_valid_bundle_these_tests_start_from_is_accepted()
    {
        var manifest = HostileBundles.Verify(HostileBundles.Shop());

        Assert.Equal(["familles", "factures"], manifest.Tables.Select(t => t.Name));
    }

    [Theory]
    [InlineData("../../evil.sh", "a '..' segment")]
    [InlineData("tables/../manifest.json", "a '..' segment")]
    [InlineData("/etc/x", "an absolute path")]
    [InlineData("C:\\x", "a backslash")]
    [InlineData("C:/x", "a drive letter")]
    [InlineData("tables\\familles.csv", "a backslash")]
    [InlineData("tables//familles.csv", "an empty or '.' segment")]
    [InlineData("./manifest.json", "an empty or '.' segment")]
    [InlineData("tables/é.csv", "a control, space or non-ASCII character")]
    [InlineData("tables/a b.csv", "a control, space or non-ASCII character")]
    public void An_entry_with_an_unsafe_name_is_refused_naming_it(string name, string reason)
    {
        var message = HostileBundles.Refusal(WithExtra(ZipModelEntry.Deflated(name, Csv)));

        Assert.Contains("is not listed in the manifest: its name is unsafe (" + reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_carrying_a_line_break_cannot_forge_a_line_in_the_error_file()
    {
        var message = HostileBundles.Refusal(WithExtra(ZipModelEntry.Deflated("tables/x.csv\nApplied AG01-00000007.zip", Csv)));

        Assert.DoesNotContain('\n', message);
        Assert.Contains("entry 'tables/x.csv\\u000aApplied", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_entry_is_refused()
    {
        var message = HostileBundles.Refusal(WithExtra(ZipModelEntry.StoredEntry("tables/", [])));

        Assert.Contains("entry 'tables/' is a directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_marked_as_a_directory_only_by_its_attributes_is_refused()
    {
        var msDos = ZipModelEntry.StoredEntry("tables", []);
        msDos.VersionMadeBy = 20;
        msDos.ExternalAttributes = 0x10;
        var unix = ZipModelEntry.StoredEntry("other", []);
        unix.ExternalAttributes = 0x41ED0000;

        Assert.Contains("entry 'tables' is a directory", HostileBundles.Refusal(WithExtra(msDos)), StringComparison.Ordinal);
        Assert.Contains("entry 'other' is a directory", HostileBundles.Refusal(WithExtra(unix)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlink_entry_is_refused_even_under_a_listed_name()
    {
        // SharpCompress never reports LinkTarget for zip entries: the Unix mode in the external
        // attributes is what marks a symlink (S_IFLNK, 0xA000), and the entry's data is the target.
        var model = ZipModel.Parse(HostileBundles.Shop());
        var index = model.Entries.FindIndex(e => e.Name == "tables/familles.csv");
        var link = ZipModelEntry.StoredEntry("tables/familles.csv", Encoding.UTF8.GetBytes("/etc/passwd"));
        link.ExternalAttributes = 0xA1FF0000;
        model.Entries[index] = link;

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("entry 'tables/familles.csv' is a symbolic link", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_or_fifo_entry_is_refused()
    {
        var fifo = ZipModelEntry.StoredEntry("tables/x.csv", []);
        fifo.ExternalAttributes = 0x11A40000;

        Assert.Contains("is a device, FIFO or socket", HostileBundles.Refusal(WithExtra(fifo)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_entry_is_refused()
    {
        var model = ZipModel.Parse(HostileBundles.Shop());
        model.Entries.Add(model["tables/familles.csv"].Clone());

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("entry 'tables/familles.csv' appears twice", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TABLES/FAMILLES.CSV")]
    [InlineData("Manifest.json")]
    public void Entries_whose_names_differ_only_by_case_are_refused(string twin)
    {
        var model = ZipModel.Parse(HostileBundles.Shop());
        model.Entries.Add(ZipModelEntry.Deflated(twin, Csv));

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains($"'{twin}' differ only by case", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_the_manifest_does_not_list_is_refused()
    {
        var message = HostileBundles.Refusal(WithExtra(ZipModelEntry.Deflated("tables/clients.csv", Csv)));

        Assert.Contains("entry 'tables/clients.csv' is not listed in the manifest", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_file_the_manifest_lists_but_the_zip_lacks_is_refused()
    {
        var model = ZipModel.Parse(HostileBundles.Shop());
        model.Entries.RemoveAll(e => e.Name == "tables/factures.deleted.csv");

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("manifest lists tables/factures.deleted.csv but the bundle has no such entry", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_entry_is_refused()
    {
        var model = ZipModel.Parse(HostileBundles.Shop());
        model["tables/familles.csv"].Flags |= 1;

        Assert.Contains("entry 'tables/familles.csv' is encrypted", HostileBundles.Refusal(model.ToBytes()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "Reduce1")]
    [InlineData(6, "Explode")]
    [InlineData(9, "Deflate64")]
    [InlineData(12, "BZip2")]
    [InlineData(14, "LZMA")]
    [InlineData(98, "PPMd")]
    public void An_entry_compressed_with_a_method_bundles_never_use_is_refused_before_decoding(ushort method, string name)
    {
        // SharpCompress issues #1251 and #1270: its Reduce, Shrink, LZW, BZip2 and Deflate64
        // decoders crashed or expanded 31 bytes to gigabytes on fuzzed input. Bundles only ever
        // use deflate and zstd, so the others are never handed a byte.
        var model = ZipModel.Parse(HostileBundles.Shop());
        model["tables/familles.csv"].Method = method;

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains($"entry 'tables/familles.csv' uses compression method {name}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_written_to_disk_while_reading_a_hostile_bundle()
    {
        // The reader takes a stream and never a path: entries are decompressed into the parser,
        // never extracted. A climbing name is refused, and no file appears where it points.
        var evil = Path.GetFullPath(Path.Combine(Environment.CurrentDirectory, "..", "..", "evil-syncfiles-test.sh"));

        HostileBundles.Refusal(WithExtra(ZipModelEntry.Deflated("../../evil-syncfiles-test.sh", Encoding.UTF8.GetBytes("rm -rf /"))));

        Assert.False(File.Exists(evil));
    }
}
