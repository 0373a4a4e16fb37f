using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SyncFiles.Common.Text;

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
    private readonly ConfigFileText _text;
    private readonly JsonSerializerOptions _options;
    private readonly Stack<(JsonTokenType Kind, long Offset)> _open = new();
    private JsonTokenType _lastToken = JsonTokenType.None;
    private long _lastTokenEnd;

    private ConfigShapeCheck(ConfigFileText text, JsonSerializerOptions options)
    {
        _text = text;
        _options = options;
    }

    /// <summary>Null when the file has the expected shape; otherwise what is wrong, beginning with where.</summary>
    public static LocalizedText? Problem(ConfigFileText text, JsonTypeInfo root)
    {
        if (text.IsBlank)
        {
            return ConfigText.Get(nameof(ConfigMessages.ConfigEmpty));
        }

        return new ConfigShapeCheck(text, root.Options).Run(root);
    }

    private LocalizedText? Run(JsonTypeInfo root)
    {
        var reader = new Utf8JsonReader(_text.Bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!Next(ref reader))
            {
                return ConfigText.Get(nameof(ConfigMessages.ConfigOnlyComments));
            }

            var problem = Value(ref reader, root, "$", allowsNull: false);
            if (problem is null && Next(ref reader))
            {
                return _text.At(reader.TokenStartIndex, ConfigText.Get(nameof(ConfigMessages.ConfigMoreAfterEnd), "}"));
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
    private LocalizedText? Value(ref Utf8JsonReader reader, JsonTypeInfo? type, string path, bool allowsNull)
    {
        if (type is null)
        {
            return Skip(ref reader);
        }

        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        allowsNull |= Nullable.GetUnderlyingType(type.Type) is not null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return allowsNull ? null : At(reader.TokenStartIndex, path, ConfigText.Get(nameof(ConfigMessages.ConfigNullNotAllowed), Expected(clr, type)));
        }

        if (clr.IsEnum)
        {
            return Enum(ref reader, clr, path);
        }

        if (clr == typeof(string))
        {
            return reader.TokenType == JsonTokenType.String ? null : Mismatch(ref reader, path, Message(nameof(ConfigMessages.ConfigExpectText)));
        }

        if (clr == typeof(bool))
        {
            return reader.TokenType is JsonTokenType.True or JsonTokenType.False ? null : Mismatch(ref reader, path, Message(nameof(ConfigMessages.ConfigExpectBool)));
        }

        if (clr == typeof(int) || clr == typeof(long))
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                return Mismatch(ref reader, path, Message(nameof(ConfigMessages.ConfigExpectWholeNumber)));
            }

            var fits = clr == typeof(int) ? reader.TryGetInt32(out _) : reader.TryGetInt64(out _);
            return fits ? null : At(reader.TokenStartIndex, path, ConfigText.Get(nameof(ConfigMessages.ConfigNumberTooLarge), Token(ref reader), clr == typeof(int) ? int.MaxValue : long.MaxValue));
        }

        return type.Kind switch
        {
            JsonTypeInfoKind.Object => Object(ref reader, type, path),
            JsonTypeInfoKind.Enumerable => List(ref reader, type, path),
            JsonTypeInfoKind.Dictionary => Map(ref reader, type, path),
            _ => Skip(ref reader),
        };
    }

    private LocalizedText? Object(ref Utf8JsonReader reader, JsonTypeInfo type, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Mismatch(ref reader, path, ConfigText.Get(nameof(ConfigMessages.ConfigExpectObject), "{ }"));
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
                return At(keyOffset, path, ConfigText.Get(nameof(ConfigMessages.ConfigKeyTwice), name));
            }

            Next(ref reader);
            var problem = Value(ref reader, TypeInfo(property.PropertyType), Child(path, name), property.IsSetNullable);
            if (problem is not null)
            {
                return problem;
            }
        }

        var missing = type.Properties.Where(p => p.IsRequired && !seen.Contains(p.Name)).Select(p => p.Name).ToList();
        return missing.Count switch
        {
            0 => null,
            1 => At(start, path, ConfigText.Get(nameof(ConfigMessages.ConfigKeyMissing), $"\"{missing[0]}\"")),
            _ => At(start, path, ConfigText.Get(nameof(ConfigMessages.ConfigKeysMissing), Quoted(missing))),
        };
    }

    private LocalizedText? List(ref Utf8JsonReader reader, JsonTypeInfo type, string path)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Mismatch(ref reader, path, Message(nameof(ConfigMessages.ConfigExpectList)));
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

    private LocalizedText? Map(ref Utf8JsonReader reader, JsonTypeInfo type, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Mismatch(ref reader, path, ConfigText.Get(nameof(ConfigMessages.ConfigExpectObject), "{ }"));
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

    private LocalizedText? Enum(ref Utf8JsonReader reader, Type type, string path)
    {
        // Written as the configuration writes them: lower case (LowerCaseEnumConverter), read without case.
        var allowed = EnumValues(type);
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, path, ConfigText.Get(nameof(ConfigMessages.ConfigExpectOneOf), Quoted(allowed)));
        }

        var value = reader.GetString()!;
        if (allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var closest = ClosestName.Find(value, allowed);
        return At(reader.TokenStartIndex, path, closest is null
            ? ConfigText.Get(nameof(ConfigMessages.ConfigEnumUnknown), value, Quoted(allowed))
            : ConfigText.Get(nameof(ConfigMessages.ConfigEnumUnknownClosest), value, closest, Quoted(allowed)));
    }

    private static LocalizedText UnknownKey(string name, IEnumerable<string> valid)
    {
        var keys = valid.ToList();
        if (keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } cased)
        {
            return ConfigText.Get(nameof(ConfigMessages.ConfigKeyCase), name, cased);
        }

        var closest = ClosestName.Find(name, keys);
        return closest is null
            ? ConfigText.Get(nameof(ConfigMessages.ConfigKeyUnknown), name, Quoted(keys))
            : ConfigText.Get(nameof(ConfigMessages.ConfigKeyUnknownClosest), name, closest, Quoted(keys));
    }

    private LocalizedText Mismatch(ref Utf8JsonReader reader, string path, LocalizedText expected)
    {
        var offset = reader.TokenStartIndex;
        var found = reader.TokenType switch
        {
            JsonTokenType.String => ConfigText.Get(nameof(ConfigMessages.ConfigFoundText), Token(ref reader)),
            JsonTokenType.Number => ConfigText.Get(nameof(ConfigMessages.ConfigFoundNumber), Token(ref reader)),
            JsonTokenType.StartObject => ConfigText.Get(nameof(ConfigMessages.ConfigExpectObject), "{ }"),
            JsonTokenType.StartArray => Message(nameof(ConfigMessages.ConfigExpectList)),
            _ => LocalizedText.Untranslated(Token(ref reader)),
        };
        return At(offset, path, ConfigText.Get(nameof(ConfigMessages.ConfigMismatch), expected, found));
    }

    private static LocalizedText Expected(Type clr, JsonTypeInfo type) =>
        clr == typeof(string) ? Message(nameof(ConfigMessages.ConfigExpectText))
        : clr == typeof(bool) ? Message(nameof(ConfigMessages.ConfigExpectBool))
        : clr == typeof(int) || clr == typeof(long) ? Message(nameof(ConfigMessages.ConfigExpectWholeNumber))
        : clr.IsEnum ? ConfigText.Get(nameof(ConfigMessages.ConfigExpectOneOf), Quoted(EnumValues(clr)))
        : type.Kind == JsonTypeInfoKind.Enumerable ? Message(nameof(ConfigMessages.ConfigExpectListMayBeEmpty))
        : ConfigText.Get(nameof(ConfigMessages.ConfigExpectObject), "{ }");

    private static LocalizedText Message(string key) => ConfigText.Get(key);

    private static List<string> EnumValues(Type type) => System.Enum.GetNames(type).Select(n => n.ToLowerInvariant()).ToList();

    private static string Token(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);

    private LocalizedText? Skip(ref Utf8JsonReader reader)
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

    private LocalizedText At(long offset, string path, LocalizedText problem) =>
        _text.At(offset, problem, path == "$" ? null : path[2..]);

    private static string Child(string path, string name) => $"{path}.{name}";

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));
}
