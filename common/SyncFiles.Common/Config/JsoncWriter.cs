using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SyncFiles.Common.Config;

/// <summary>
/// Writes a configuration file for people to read and edit: JSON with <c>//</c> comments (which
/// <see cref="ConfigFile"/> accepts), two spaces per level, LF line ends. The caller writes the
/// structure line by line; this class indents, escapes values and keeps comments on their lines.
/// </summary>
public sealed class JsoncWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>One or more comment lines (a line break in the text starts a new comment line).</summary>
    public JsoncWriter Comment(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Line("// " + Clean(line));
        }

        return this;
    }

    /// <summary>A line of JSON as given, at the current depth.</summary>
    public JsoncWriter Line(string json)
    {
        _text.Append(' ', _depth * 2).Append(json.TrimEnd()).Append('\n');
        return this;
    }

    /// <summary>An empty line between groups.</summary>
    public JsoncWriter Blank()
    {
        _text.Append('\n');
        return this;
    }

    /// <summary>A line that opens an object or array (<c>"tables": [</c>, <c>{</c>); what follows is indented.</summary>
    public JsoncWriter Open(string json)
    {
        Line(json);
        _depth++;
        return this;
    }

    /// <summary>A line that closes the innermost open object or array (<c>]</c>, <c>},</c>).</summary>
    public JsoncWriter Close(string json)
    {
        _depth--;
        return Line(json);
    }

    /// <summary>A JSON string literal, quotes included; non-ASCII letters stay readable.</summary>
    public static string Quote(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"";

    /// <summary><c>["a", "b"]</c>.</summary>
    public static string Array(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";

    public override string ToString() => _text.ToString();

    // A comment runs to the end of its line: a line break (or any control character) inside a name
    // read from a catalog must not end it early and leave the rest as JSON.
    private static string Clean(string text) =>
        new(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c).ToArray());
}
