using System.Text;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Config;

/// <summary>
/// The bytes of a configuration file and where a byte offset falls in it as a person counts: line
/// and column from 1, columns in characters (a UTF-8 letter such as é is one column, not two bytes).
/// </summary>
internal sealed class ConfigFileText
{
    private readonly List<int> _lineStarts = [0];

    public ConfigFileText(byte[] bytes)
    {
        // Notepad writes a byte order mark; the JSON reader does not skip it.
        Bytes = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        for (var i = 0; i < Bytes.Length; i++)
        {
            if (Bytes[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public byte[] Bytes { get; }

    /// <summary>True when the file holds nothing but white space.</summary>
    public bool IsBlank => Bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    /// <summary>The byte offset of a reader position (line from 0, byte in line from 0).</summary>
    public int Offset(long lineFromZero, long byteInLine)
    {
        var line = (int)Math.Clamp(lineFromZero, 0, _lineStarts.Count - 1);
        return (int)Math.Min(Bytes.Length, _lineStarts[line] + byteInLine);
    }

    /// <summary>Line and column, both from 1, of a byte offset.</summary>
    public (int Line, int Column) Position(long offset)
    {
        var at = (int)Math.Clamp(offset, 0, Bytes.Length);
        var index = _lineStarts.BinarySearch(at);
        var line = index >= 0 ? index : ~index - 1;
        var start = _lineStarts[line];
        return (line + 1, Encoding.UTF8.GetCharCount(Bytes, start, at - start) + 1);
    }

    /// <summary>"line 7, column 3: <paramref name="problem"/>", with "in tables[2]" when <paramref name="path"/> is given.</summary>
    public LocalizedText At(long offset, LocalizedText problem, string? path = null)
    {
        var (line, column) = Position(offset);
        return path is null
            ? ConfigText.Get(nameof(ConfigMessages.ConfigAt), line, column, problem)
            : ConfigText.Get(nameof(ConfigMessages.ConfigAtPath), line, column, path, problem);
    }

    /// <summary>The text of the line holding <paramref name="offset"/>, without its line end.</summary>
    public string LineAt(long offset)
    {
        var (line, _) = Position(offset);
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Count ? _lineStarts[line] : Bytes.Length;
        return Encoding.UTF8.GetString(Bytes, start, end - start).TrimEnd('\r', '\n');
    }
}
