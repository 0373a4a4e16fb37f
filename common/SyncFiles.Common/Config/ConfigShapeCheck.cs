using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SyncFiles.Common.Config;

/// <summary>
/// Reads a configuration file token by token against the shape the program expects (taken from the
/// serializer's own metadata, so it cannot drift from the records) and stops at the first mistake
/// with a sentence a person can act on: where (line, column, the JSON path such as
/// <c>tables[2]</c>), what is wrong, and what would be right (the closest key, the keys allowed
/// there, an enum's values). The serializer's own messages name .NET types and count lines two
/// ways; none of them reaches a person.
/// </summary>
internal sealed class ConfigShapeCheck
{
    private readonly ConfigText _text;
    private readonly JsonSerializerOptions _options;
    private readonly Stack<(JsonTokenType Kind, long Offset)> _open = new();
    private JsonTokenType _lastToken = JsonTokenType.None;
    private long _lastTokenEnd;

    private ConfigShapeCheck(ConfigText text, JsonSerializerOptions options)
    {
        _text = text;
        _options = options;
    }

    /// <summary>Null when the file has the expected shape; otherwise what is wrong, beginning with where.</summary>
    public static string? Problem(ConfigText text, JsonTypeInfo root)
    {
        if (text.IsBlank)
        {
            return "the file is empty: write the configuration in it (docs/configuration.md shows one).";
        }

        return new ConfigShapeCheck(text, root.Options).Run(root);
    }

    private string? Run(JsonTypeInfo root)
    {
        var reader = new Utf8JsonReader(_text.Bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!Next(ref reader))
            {
                return "the file holds only comments: write the configuration in it (docs/configuration.md shows one).";
            }

            var problem = Value(ref reader, root, "$", allowsNull: false);
            if (problem is null && Next(ref reader))
            {
                return $"{_text.Where(reader.TokenStartIndex)}: there is more after the end of the configuration (its last }} is before this); remove it, or move it inside.";
            }

            return problem;
        }
        catch (JsonException ex)
        {
            return new JsonSyntaxProblem(_text, _text.Offset(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0), _lastToken, _lastTokenEnd, _open).Describe();
        }
    }

    private bool Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        _lastToken = reader.TokenType;
        _lastTokenEnd = reader.BytesConsumed;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _open.Push((reader.TokenType, reader.TokenStartIndex));
        }
        else if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            _open.Pop();
        }

        return true;
    }

    /// <summary>Checks the value the reader is on and reads past it.</summary>
    private string? Value(ref Utf8JsonReader reader, JsonTypeInfo? type, string path, bool allowsNull)
    {
        if (type is null)
        {
            return Skip(ref reader);
        }

        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        allowsNull |= Nullable.GetUnderlyingType(type.Type) is not null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return allowsNull ? null : At(reader.TokenStartIndex, path, $"null is not allowed here: give {Expected(clr, type)}.");
        }

        if (clr.IsEnum)
        {
            return Enum(ref reader, clr, path);
        }

        if (clr == typeof(string))
        {
            return reader.TokenType == JsonTokenType.String ? null : Mismatch(ref reader, path, "text in double quotes");
        }

        if (clr == typeof(bool))
        {
            return reader.TokenType is JsonTokenType.True or JsonTokenType.False ? null : Mismatch(ref reader, path, "true or false (without quotes)");
        }

        if (clr == typeof(int) || clr == typeof(long))
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                return Mismatch(ref reader, path, "a whole number (without quotes)");
            }

            var fits = clr == typeof(int) ? reader.TryGetInt32(out _) : reader.TryGetInt64(out _);
            return fits ? null : At(reader.TokenStartIndex, path, $"{Token(ref reader)} is not a whole number this setting can hold (at most {(clr == typeof(int) ? int.MaxValue : long.MaxValue)}).");
        }

        return type.Kind switch
        {
            JsonTypeInfoKind.Object => Object(ref reader, type, path),
            JsonTypeInfoKind.Enumerable => List(ref reader, type, path),
            JsonTypeInfoKind.Dictionary => Map(ref reader, type, path),
            _ => Skip(ref reader),
        };
    }

    private string? Object(ref Utf8JsonReader reader, JsonTypeInfo type, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Mismatch(ref reader, path, "an object in { }");
        }

        var start = reader.TokenStartIndex;
        var properties = type.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var keyOffset = reader.TokenStartIndex;
            if (!properties.TryGetValue(name, out var property))
            {
                return At(keyOffset, path, UnknownKey(name, properties.Keys));
            }

            if (!seen.Add(name))
            {
                return At(keyOffset, path, $"\"{name}\" is given twice in the same object; keep one.");
            }

            Next(ref reader);
            var problem = Value(ref reader, TypeInfo(property.PropertyType), Child(path, name), property.IsSetNullable);
            if (problem is not null)
            {
                return problem;
            }
        }

        var missing = type.Properties.Where(p => p.IsRequired && !seen.Contains(p.Name)).Select(p => $"\"{p.Name}\"").ToList();
        return missing.Count == 0 ? null : At(start, path, $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} missing in the object that starts here.");
    }

    private string? List(ref Utf8JsonReader reader, JsonTypeInfo type, string path)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Mismatch(ref reader, path, "a list in [ ]");
        }

        var element = type.ElementType is null ? null : TypeInfo(type.ElementType);
        for (var index = 0; Next(ref reader) && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            var problem = Value(ref reader, element, $"{path}[{index}]", allowsNull: false);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private string? Map(ref Utf8JsonReader reader, JsonTypeInfo type, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Mismatch(ref reader, path, "an object in { }");
        }

        var element = type.ElementType is null ? null : TypeInfo(type.ElementType);
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            Next(ref reader);
            var problem = Value(ref reader, element, Child(path, name), allowsNull: false);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private string? Enum(ref Utf8JsonReader reader, Type type, string path)
    {
        // Written as the configuration writes them: lower case (LowerCaseEnumConverter), read without case.
        var allowed = System.Enum.GetNames(type).Select(n => n.ToLowerInvariant()).ToList();
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, path, $"one of {Quoted(allowed)} in double quotes");
        }

        var value = reader.GetString()!;
        if (allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var closest = ClosestName.Find(value, allowed);
        return At(reader.TokenStartIndex, path, closest is null
            ? $"\"{value}\" is not a value this setting takes. The values are: {Quoted(allowed)}."
            : $"\"{value}\" is not a value this setting takes; did you mean \"{closest}\"? The values are: {Quoted(allowed)}.");
    }

    private static string UnknownKey(string name, IEnumerable<string> valid)
    {
        var keys = valid.ToList();
        if (keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } cased)
        {
            return $"\"{name}\" is not a known key: keys are written exactly, with their capitals: \"{cased}\".";
        }

        var closest = ClosestName.Find(name, keys);
        return closest is null
            ? $"\"{name}\" is not a known key here. The keys here are: {Quoted(keys)}."
            : $"\"{name}\" is not a known key; did you mean \"{closest}\"? (The keys here are: {Quoted(keys)}.)";
    }

    private string? Mismatch(ref Utf8JsonReader reader, string path, string expected)
    {
        var offset = reader.TokenStartIndex;
        var found = reader.TokenType switch
        {
            JsonTokenType.String => $"the text {Token(ref reader)}",
            JsonTokenType.Number => $"the number {Token(ref reader)}",
            JsonTokenType.True or JsonTokenType.False => Token(ref reader),
            JsonTokenType.StartObject => "an object in { }",
            JsonTokenType.StartArray => "a list in [ ]",
            _ => Token(ref reader),
        };
        return At(offset, path, $"this setting takes {expected}, not {found}.");
    }

    private static string Expected(Type clr, JsonTypeInfo type) =>
        clr == typeof(string) ? "text in double quotes"
        : clr == typeof(bool) ? "true or false"
        : clr == typeof(int) || clr == typeof(long) ? "a whole number"
        : clr.IsEnum ? $"one of {Quoted(System.Enum.GetNames(clr).Select(n => n.ToLowerInvariant()))}"
        : type.Kind == JsonTypeInfoKind.Enumerable ? "a list in [ ] (it may be empty: [])"
        : "an object in { }";

    private static string Token(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);

    private string? Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = _open.Count;
            while (_open.Count >= depth && Next(ref reader))
            {
            }
        }

        return null;
    }

    private JsonTypeInfo? TypeInfo(Type type)
    {
        try
        {
            return _options.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            // Not in the generated metadata: the serializer itself judges that value.
            return null;
        }
    }

    private string At(long offset, string path, string problem) =>
        path == "$" ? $"{_text.Where(offset)}: {problem}" : $"{_text.Where(offset)}, in {path[2..]}: {problem}";

    private static string Child(string path, string name) => $"{path}.{name}";

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));
}
