using System.Globalization;
using System.Text;

namespace SyncFiles.Common.Bundle;

/// <summary>What the bundle reader does with failures caused by a bundle's bytes.</summary>
internal static class HostileInput
{
    /// <summary>
    /// True for an exception that a zip parser, a decompressor or a CSV parser may throw when fed
    /// hostile bytes. Those libraries validate little: on garbage they have been seen to throw
    /// InvalidDataException, IndexOutOfRangeException, ArgumentOutOfRangeException,
    /// OverflowException, NotSupportedException, EndOfStreamException, InvalidOperationException,
    /// NullReferenceException, CryptographicException and their own ArchiveException and
    /// ZstdException (SharpCompress issues #194, #431, #463, #1251, #1270), so the type says nothing
    /// and the reader wraps whatever comes out of the few calls that touch the bytes into a
    /// <see cref="BundleFormatException"/> naming the entry. Left alone: cancellation; running out
    /// of memory, which says nothing reliable about the bundle (allocations are bounded by the
    /// limits before any decoder runs); the reader's own verdicts; and an I/O error of the bundle
    /// file itself (<see cref="BundleIOException"/>), which is worth retrying rather than
    /// quarantining.
    /// </summary>
    public static bool IsDecodingFailure(Exception ex) =>
        ex is not (OperationCanceledException or OutOfMemoryException or BundleFormatException or BundleIOException);

    /// <summary>An exception's type and message, for the operator (the type tells a decoder failure from a zip structure failure).</summary>
    public static string Describe(Exception ex) => $"{ex.GetType().Name}: {Printable(ex.Message, 300)}";

    /// <summary>
    /// <paramref name="text"/> from the bundle made safe to print in one line of a log or an
    /// .error.txt: control, format and line-separator characters escaped as \uXXXX (an entry name
    /// or a value could otherwise carry a line break and forge a log line, or bidirectional
    /// overrides that make it read differently), and, with <paramref name="asciiOnly"/>, every
    /// non-ASCII character too (names are ASCII by the format). Long text is shortened.
    /// </summary>
    public static string Printable(string? text, int maxLength = 120, bool asciiOnly = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Length = Math.Max(0, maxLength - 3);
                builder.Append("...");
                break;
            }

            if (NeedsEscape(c, asciiOnly))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c, bool asciiOnly)
    {
        if (c is >= ' ' and <= '~')
        {
            return false;
        }

        return asciiOnly || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}

/// <summary>
/// The bundle file could not be read (a disk or network error), as opposed to holding bad bytes:
/// an <see cref="IOException"/>, so the importer leaves the file in the inbox for the next run
/// instead of quarantining it.
/// </summary>
internal sealed class BundleIOException : IOException
{
    public BundleIOException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
