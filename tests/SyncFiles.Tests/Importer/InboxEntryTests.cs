using System.Diagnostics;
using System.Net.Sockets;
using SyncFiles.Importer.Import;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// The decision "is this inbox entry a bundle file?": the pure classifier on the facts of every
/// system (Windows reparse points and <c>name.zip:stream</c> names included), and the probe on real
/// Unix entries (a FIFO, a socket, a device, links, a directory).
/// </summary>
public sealed class InboxEntryTests
{
    private const FileAttributes Normal = FileAttributes.Normal;

    public static TheoryData<string, FileAttributes, bool, int?, InboxEntryKind> Cases => new()
    {
        // Unix: the lstat type decides; a link is a link whatever it points at.
        { "AG01-00000001.zip", Normal, false, InboxEntryClassifier.RegularType, InboxEntryKind.RegularFile },
        { "AG01-00000001.zip", Normal, false, InboxEntryClassifier.FifoType, InboxEntryKind.NamedPipe },
        { "AG01-00000001.zip", Normal, false, InboxEntryClassifier.SocketType, InboxEntryKind.Socket },
        { "AG01-00000001.zip", Normal, false, InboxEntryClassifier.CharacterDeviceType, InboxEntryKind.CharacterDevice },
        { "AG01-00000001.zip", Normal, false, InboxEntryClassifier.BlockDeviceType, InboxEntryKind.BlockDevice },
        { "AG01-00000001.zip", FileAttributes.Directory, false, InboxEntryClassifier.DirectoryType, InboxEntryKind.Directory },
        { "AG01-00000001.zip", FileAttributes.ReparsePoint, true, InboxEntryClassifier.SymbolicLinkType, InboxEntryKind.SymbolicLink },
        { "AG01-00000001.zip", Normal, true, InboxEntryClassifier.RegularType, InboxEntryKind.SymbolicLink },
        { "AG01-00000001.zip", Normal, false, 0xE000, InboxEntryKind.Unknown },

        // Windows: no lstat type; attributes and the link target decide.
        { "AG01-00000001.zip", FileAttributes.Archive, false, null, InboxEntryKind.RegularFile },
        { "AG01-00000001.zip", FileAttributes.Archive | FileAttributes.ReadOnly, false, null, InboxEntryKind.RegularFile },
        { "AG01-00000001.zip", FileAttributes.ReparsePoint | FileAttributes.Archive, true, null, InboxEntryKind.SymbolicLink },
        { "AG01-00000001.zip", FileAttributes.ReparsePoint | FileAttributes.Directory, true, null, InboxEntryKind.SymbolicLink },
        { "AG01-00000001.zip", FileAttributes.ReparsePoint | FileAttributes.Archive, false, null, InboxEntryKind.ReparsePoint },
        { "AG01-00000001.zip", FileAttributes.ReparsePoint | FileAttributes.Offline, false, null, InboxEntryKind.ReparsePoint },
        { "AG01-00000001.zip", FileAttributes.Directory, false, null, InboxEntryKind.Directory },
        { "AG01-00000001.zip", FileAttributes.Device, false, null, InboxEntryKind.CharacterDevice },
        { "AG01-00000001.zip:evil.zip", FileAttributes.Archive, false, null, InboxEntryKind.AlternateDataStream },
        { "AG01-00000001.zip:Zone.Identifier:$DATA", FileAttributes.Archive, false, null, InboxEntryKind.AlternateDataStream },
        { "AG01-00000001.zip::$DATA", FileAttributes.Archive, false, InboxEntryClassifier.RegularType, InboxEntryKind.AlternateDataStream },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifier_takes_only_regular_files(string name, FileAttributes attributes, bool hasLinkTarget, int? unixType, InboxEntryKind expected) =>
        Assert.Equal(expected, InboxEntryClassifier.Classify(new InboxEntryFacts(name, attributes, hasLinkTarget, unixType)));

    [Fact]
    public void Refusal_names_the_file_and_what_it_is()
    {
        Assert.Equal(
            "AA-00000001.zip is a named pipe, not a file: ignored (never opened nor moved); remove it from the inbox. Only regular files are bundles (docs/security.md).",
            InboxEntryClassifier.Refusal("AA-00000001.zip", InboxEntryKind.NamedPipe));
        Assert.StartsWith("AG01-00000001.zip:s is an alternate data stream name, not a file", InboxEntryClassifier.Refusal("AG01-00000001.zip:s", InboxEntryKind.AlternateDataStream), StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_tells_each_Unix_entry_without_opening_or_following_it()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file types: the Windows cases are the classifier's.");

        // Short: a socket's path is limited to about 100 bytes.
        var directory = Path.Combine("/tmp", "sf-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "f.zip");
            File.WriteAllText(file, "x");
            var fifo = Path.Combine(directory, "p.zip");
            MakeFifo(fifo);
            var socketPath = Path.Combine(directory, "s.zip");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));
            var folder = Directory.CreateDirectory(Path.Combine(directory, "d.zip")).FullName;
            var link = File.CreateSymbolicLink(Path.Combine(directory, "l.zip"), file).FullName;
            var dangling = File.CreateSymbolicLink(Path.Combine(directory, "n.zip"), Path.Combine(directory, "missing")).FullName;
            var linkToFifo = File.CreateSymbolicLink(Path.Combine(directory, "lp.zip"), fifo).FullName;

            Assert.Equal(InboxEntryKind.RegularFile, InboxEntryProbe.Kind(file));
            Assert.Equal(InboxEntryKind.NamedPipe, InboxEntryProbe.Kind(fifo));
            Assert.Equal(InboxEntryKind.Socket, InboxEntryProbe.Kind(socketPath));
            Assert.Equal(InboxEntryKind.Directory, InboxEntryProbe.Kind(folder));
            Assert.Equal(InboxEntryKind.SymbolicLink, InboxEntryProbe.Kind(link));
            Assert.Equal(InboxEntryKind.SymbolicLink, InboxEntryProbe.Kind(dangling));
            Assert.Equal(InboxEntryKind.SymbolicLink, InboxEntryProbe.Kind(linkToFifo));
            Assert.Equal(InboxEntryKind.CharacterDevice, InboxEntryProbe.Kind("/dev/null"));
            Assert.Null(InboxEntryProbe.Kind(Path.Combine(directory, "gone.zip")));

            // The scan lists the file alone as a bundle and refuses each of the others by name.
            var listing = InboxScanner.Scan(directory);
            Assert.Equal([file], listing.Bundles);
            Assert.Equal(
                ["d.zip a directory", "l.zip a symbolic link", "lp.zip a symbolic link", "n.zip a symbolic link", "p.zip a named pipe", "s.zip a socket"],
                listing.Refused.Select(r => $"{r.FileName} {InboxEntryClassifier.Describe(r.Kind)}"));

            // Opening refuses rather than blocks.
            var refused = Assert.Throws<NotAFileException>(() => InboxBundle.OpenRead(fifo));
            Assert.Equal(InboxEntryKind.NamedPipe, refused.Kind);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
