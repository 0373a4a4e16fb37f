using System.Text;
using System.Text.Json;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Config;

/// <summary>
/// Puts a JSON syntax error into plain words. The reader says only where it stopped; what went
/// wrong is read from the text there and from what was read before (the last token, and the
/// objects and lists still open), for the mistakes people make when editing by hand: a missing
/// comma or colon, single quotes, an unquoted word, a Windows path's single backslashes, a bracket
/// too few or too many.
/// </summary>
internal sealed class JsonSyntaxProblem(
    ConfigFileText text, int offset, JsonTokenType lastToken, long lastTokenEnd, IEnumerable<(JsonTokenType Kind, long Offset)> open)
{
    private readonly List<(JsonTokenType Kind, long Offset)> _open = open.ToList();

    public LocalizedText Describe()
    {
        var bytes = text.Bytes;
        var at = SkipSpace(offset);
        if (at >= bytes.Length)
        {
            return Unclosed();
        }

        var c = (char)bytes[at];
        var gap = Encoding.UTF8.GetString(bytes, (int)Math.Min(lastTokenEnd, at), (int)Math.Max(0, at - lastTokenEnd)).Trim();
        var inObject = _open.Count > 0 && _open[0].Kind == JsonTokenType.StartObject;
        LocalizedText Here(string key, params object?[] arguments) => text.At(at, ConfigText.Get(key, arguments));

        if (BadBackslash(text.LineAt(at)) is { } column)
        {
            var (line, _) = text.Position(at);
            return ConfigText.Get(nameof(ConfigMessages.ConfigAt), line, column, ConfigText.Get(nameof(ConfigMessages.JsonBackslash)));
        }

        if (c == '\'')
        {
            return Here(nameof(ConfigMessages.JsonSingleQuotes));
        }

        if (c == '=')
        {
            return Here(nameof(ConfigMessages.JsonEquals));
        }

        if (lastToken == JsonTokenType.PropertyName)
        {
            return c is '}' or ',' or ']'
                ? Here(nameof(ConfigMessages.JsonKeyNoValue))
                : Here(nameof(ConfigMessages.JsonNotAValue), Word(at));
        }

        // Reading a key: after the { or a comma, a quoted name but no colon behind it.
        if (inObject && (lastToken == JsonTokenType.StartObject || gap.StartsWith(',')) && gap.TrimStart(',').Trim() is { Length: > 1 } key && key[0] == '"')
        {
            return Here(nameof(ConfigMessages.JsonColonMissing), key);
        }

        var afterValue = gap.Length == 0 && _open.Count > 0 && lastToken is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.None);
        if (afterValue && (c is '"' or '{' or '[' or '-' || char.IsAsciiLetterOrDigit(c)))
        {
            var (previousLine, _) = text.Position(Math.Max(0, lastTokenEnd - 1));
            var (line, _) = text.Position(at);
            return previousLine == line
                ? Here(nameof(ConfigMessages.JsonCommaMissing))
                : Here(nameof(ConfigMessages.JsonCommaMissingEndOfLine), previousLine);
        }

        if (c == ',' && (gap.StartsWith(',') || lastToken is JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return Here(nameof(ConfigMessages.JsonStrayComma));
        }

        if (c is '}' or ']')
        {
            return Closing(c, at);
        }

        if (_open.Count == 0 && lastToken is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            return Here(nameof(ConfigMessages.ConfigMoreAfterEnd), "}");
        }

        if (char.IsAsciiLetter(c))
        {
            return inObject && (lastToken == JsonTokenType.StartObject || gap.StartsWith(','))
                ? Here(nameof(ConfigMessages.JsonKeyUnquoted), Word(at))
                : Here(nameof(ConfigMessages.JsonTextUnquoted), Word(at));
        }

        return Here(nameof(ConfigMessages.JsonUnexpected), c);
    }

    private LocalizedText Unclosed()
    {
        if (lastToken == JsonTokenType.None)
        {
            return ConfigText.Get(nameof(ConfigMessages.ConfigOnlyComments));
        }

        var end = text.Bytes.Length;
        if (_open.Count == 0)
        {
            return text.At(end, ConfigText.Get(nameof(ConfigMessages.JsonEndsInValue)));
        }

        var (kind, start) = _open[0];
        var (line, column) = text.Position(start);
        return text.At(end, ConfigText.Get(kind == JsonTokenType.StartObject ? nameof(ConfigMessages.JsonEndsObjectOpen) : nameof(ConfigMessages.JsonEndsListOpen), line, column));
    }

    private LocalizedText Closing(char c, int at)
    {
        if (_open.Count == 0)
        {
            return text.At(at, ConfigText.Get(nameof(ConfigMessages.JsonClosesNothing), c));
        }

        var (kind, start) = _open[0];
        var expected = kind == JsonTokenType.StartObject ? '}' : ']';
        if (c == expected)
        {
            return text.At(at, ConfigText.Get(nameof(ConfigMessages.JsonValueMissingBeforeClose), c));
        }

        var (line, column) = text.Position(start);
        return text.At(at, ConfigText.Get(nameof(ConfigMessages.JsonCloseMismatch), c, kind == JsonTokenType.StartObject ? '{' : '[', line, column, expected));
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
