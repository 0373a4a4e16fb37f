using System.Text;
using System.Text.Json;

namespace SyncFiles.Common.Config;

/// <summary>
/// Puts a JSON syntax error into plain words. The reader says only where it stopped; what went
/// wrong is read from the text there and from what was read before (the last token, and the
/// objects and lists still open), for the mistakes people make when editing by hand: a missing
/// comma or colon, single quotes, an unquoted word, a Windows path's single backslashes, a bracket
/// too few or too many.
/// </summary>
internal sealed class JsonSyntaxProblem(
    ConfigText text, int offset, JsonTokenType lastToken, long lastTokenEnd, IEnumerable<(JsonTokenType Kind, long Offset)> open)
{
    private readonly List<(JsonTokenType Kind, long Offset)> _open = open.ToList();

    public string Describe()
    {
        var bytes = text.Bytes;
        var at = SkipSpace(offset);
        if (at >= bytes.Length)
        {
            return Unclosed();
        }

        var c = (char)bytes[at];
        var where = text.Where(at);
        var gap = Encoding.UTF8.GetString(bytes, (int)Math.Min(lastTokenEnd, at), (int)Math.Max(0, at - lastTokenEnd)).Trim();
        var inObject = _open.Count > 0 && _open[0].Kind == JsonTokenType.StartObject;

        if (BadBackslash(text.LineAt(at)) is { } column)
        {
            var (line, _) = text.Position(at);
            return $"line {line}, column {column}: a backslash (\\) in text must be doubled; write a Windows path as \"C:\\\\shop\\\\outbox\" or \"C:/shop/outbox\".";
        }

        if (c == '\'')
        {
            return $"{where}: text and keys go in double quotes (\"), not single quotes (').";
        }

        if (c == '=')
        {
            return $"{where}: put a colon (:) between a key and its value, not =.";
        }

        if (lastToken == JsonTokenType.PropertyName)
        {
            return c is '}' or ',' or ']'
                ? $"{where}: the key before this has no value; give one, or remove the key."
                : $"{where}: a value must be text in double quotes, a number, true, false, null, {{ an object }} or [ a list ]; {Word(at)} is none of these.";
        }

        // Reading a key: after the { or a comma, a quoted name but no colon behind it.
        if (inObject && (lastToken == JsonTokenType.StartObject || gap.StartsWith(',')) && gap.TrimStart(',').Trim() is { Length: > 1 } key && key[0] == '"')
        {
            return $"{where}: a colon (:) is missing after the key {key}.";
        }

        var afterValue = gap.Length == 0 && _open.Count > 0 && lastToken is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.None);
        if (afterValue && (c is '"' or '{' or '[' or '-' || char.IsAsciiLetterOrDigit(c)))
        {
            var (previousLine, _) = text.Position(Math.Max(0, lastTokenEnd - 1));
            var (line, _) = text.Position(at);
            return previousLine == line
                ? $"{where}: a comma (,) is missing before this."
                : $"{where}: a comma (,) is missing before this, at the end of line {previousLine}.";
        }

        if (c == ',' && (gap.StartsWith(',') || lastToken is JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return $"{where}: a comma with nothing before it: remove it (or give the missing value).";
        }

        if (c is '}' or ']')
        {
            return Closing(c, where);
        }

        if (_open.Count == 0 && lastToken is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            return $"{where}: there is more after the end of the configuration (its last }} is before this); remove it, or move it inside.";
        }

        if (char.IsAsciiLetter(c))
        {
            return inObject && (lastToken == JsonTokenType.StartObject || gap.StartsWith(','))
                ? $"{where}: a key goes in double quotes: \"{Word(at)}\"."
                : $"{where}: text goes in double quotes: \"{Word(at)}\" (only true, false and null are written without them).";
        }

        return $"{where}: '{c}' is not expected here.";
    }

    private string Unclosed()
    {
        if (lastToken == JsonTokenType.None)
        {
            return "the file holds only comments: write the configuration in it (docs/configuration.md shows one).";
        }

        if (_open.Count == 0)
        {
            return $"{text.Where(text.Bytes.Length)}: the file ends in the middle of a value (a \" is missing?).";
        }

        var (kind, start) = _open[0];
        return kind == JsonTokenType.StartObject
            ? $"{text.Where(text.Bytes.Length)}: the file ends before the {{ at {text.Where(start)} is closed: a }} is missing (or a \" that ends a text)."
            : $"{text.Where(text.Bytes.Length)}: the file ends before the [ at {text.Where(start)} is closed: a ] is missing (or a \" that ends a text).";
    }

    private string Closing(char c, string where)
    {
        if (_open.Count == 0)
        {
            return $"{where}: this {c} closes nothing: remove it.";
        }

        var (kind, start) = _open[0];
        var expected = kind == JsonTokenType.StartObject ? '}' : ']';
        return c == expected
            ? $"{where}: a value is missing before this {c} (a comma too many?)."
            : $"{where}: this {c} does not match the {(kind == JsonTokenType.StartObject ? '{' : '[')} at {text.Where(start)}, which needs a {expected} first.";
    }

    /// <summary>The column (from 1) of a backslash that starts no valid escape in the line's quoted text, if any.</summary>
    private static int? BadBackslash(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inString = !inString;
            }
            else if (inString && line[i] == '\\')
            {
                if (i + 1 >= line.Length || !"\"\\/bfnrtu".Contains(line[i + 1], StringComparison.Ordinal))
                {
                    return i + 1;
                }

                i++;
            }
        }

        return null;
    }

    private string Word(int at)
    {
        var end = at;
        while (end < text.Bytes.Length && end - at < 40 && (char.IsAsciiLetterOrDigit((char)text.Bytes[end]) || text.Bytes[end] is (byte)'_' or (byte)'.' or (byte)'-' or >= 0x80))
        {
            end++;
        }

        return end == at ? $"'{(char)text.Bytes[at]}'" : Encoding.UTF8.GetString(text.Bytes, at, end - at);
    }

    private int SkipSpace(int at)
    {
        while (at < text.Bytes.Length && text.Bytes[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }
}
