using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>What an inbox entry is, seen without following it. Only <see cref="RegularFile"/> is ever opened.</summary>
public enum InboxEntryKind
{
    RegularFile,
    Directory,
    SymbolicLink,

    /// <summary>A Windows reparse point that is not a plain symbolic link (a junction, a mount point, a cloud placeholder).</summary>
    ReparsePoint,
    NamedPipe,
    Socket,
    CharacterDevice,
    BlockDevice,

    /// <summary>A name with a colon: on NTFS, <c>name.zip:stream</c> is an alternate data stream of another file.</summary>
    AlternateDataStream,

    /// <summary>Anything else the system reports (a type this program does not know): never opened.</summary>
    Unknown,
}

/// <summary>
/// The facts about one inbox entry that decide whether it is a bundle file, gathered without
/// following a link or opening anything. <see cref="UnixFileType"/> is the <c>S_IFMT</c> bits of
/// <c>lstat</c>'s mode (null on Windows, or when the system could not say).
/// </summary>
public sealed record InboxEntryFacts(string FileName, FileAttributes Attributes, bool HasLinkTarget, int? UnixFileType);

/// <summary>
/// Decides what an inbox entry is from <see cref="InboxEntryFacts"/>: a pure function, so the
/// Windows cases (reparse points, alternate data stream names) are tested on any system. Whatever is
/// not known to be a regular file is refused: a named pipe blocks whoever opens it, a device or a
/// socket is not data, and a link or junction would make the importer read (and then move) a file
/// the sender chose, anywhere on the machine.
/// </summary>
public static class InboxEntryClassifier
{
    // The S_IFMT values as .NET's System.Native reports them (the same on every Unix it runs on).
    public const int TypeMask = 0xF000;
    public const int FifoType = 0x1000;
    public const int CharacterDeviceType = 0x2000;
    public const int DirectoryType = 0x4000;
    public const int BlockDeviceType = 0x6000;
    public const int RegularType = 0x8000;
    public const int SymbolicLinkType = 0xA000;
    public const int SocketType = 0xC000;

    public static InboxEntryKind Classify(InboxEntryFacts facts)
    {
        if (facts.FileName.Contains(':', StringComparison.Ordinal))
        {
            return InboxEntryKind.AlternateDataStream;
        }

        if (facts.UnixFileType is { } type)
        {
            return (type & TypeMask) switch
            {
                RegularType => facts.HasLinkTarget ? InboxEntryKind.SymbolicLink : InboxEntryKind.RegularFile,
                DirectoryType => InboxEntryKind.Directory,
                SymbolicLinkType => InboxEntryKind.SymbolicLink,
                FifoType => InboxEntryKind.NamedPipe,
                SocketType => InboxEntryKind.Socket,
                CharacterDeviceType => InboxEntryKind.CharacterDevice,
                BlockDeviceType => InboxEntryKind.BlockDevice,
                _ => InboxEntryKind.Unknown,
            };
        }

        if (facts.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return facts.HasLinkTarget ? InboxEntryKind.SymbolicLink : InboxEntryKind.ReparsePoint;
        }

        if (facts.HasLinkTarget)
        {
            return InboxEntryKind.SymbolicLink;
        }

        if (facts.Attributes.HasFlag(FileAttributes.Directory))
        {
            return InboxEntryKind.Directory;
        }

        // Windows: a device is not listed in a directory; what remains, not a reparse point, is a file.
        return facts.Attributes.HasFlag(FileAttributes.Device) ? InboxEntryKind.CharacterDevice : InboxEntryKind.RegularFile;
    }

    /// <summary>"a named pipe", "a symbolic link" ...: what the operator is told the entry is.</summary>
    public static LocalizedText Describe(InboxEntryKind kind) => ImporterText.Get(kind switch
    {
        InboxEntryKind.RegularFile => nameof(ImporterMessages.EntryRegularFile),
        InboxEntryKind.Directory => nameof(ImporterMessages.EntryDirectory),
        InboxEntryKind.SymbolicLink => nameof(ImporterMessages.EntrySymbolicLink),
        InboxEntryKind.ReparsePoint => nameof(ImporterMessages.EntryReparsePoint),
        InboxEntryKind.NamedPipe => nameof(ImporterMessages.EntryNamedPipe),
        InboxEntryKind.Socket => nameof(ImporterMessages.EntrySocket),
        InboxEntryKind.CharacterDevice => nameof(ImporterMessages.EntryCharacterDevice),
        InboxEntryKind.BlockDevice => nameof(ImporterMessages.EntryBlockDevice),
        InboxEntryKind.AlternateDataStream => nameof(ImporterMessages.EntryAlternateDataStream),
        _ => nameof(ImporterMessages.EntryUnknown),
    });

    /// <summary>The line the operator reads (log, run output, status) for an entry that is not a bundle file.</summary>
    public static string Refusal(string fileName, InboxEntryKind kind) => RefusalText(fileName, kind).English;

    /// <summary>The same line, to be shown in each reader's language.</summary>
    public static LocalizedText RefusalText(string fileName, InboxEntryKind kind) =>
        ImporterText.Get(nameof(ImporterMessages.EntryRefusal), fileName, Describe(kind));
}
