using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SyncFiles.Common.Config;

/// <summary>
/// Reads a JSON configuration file (comments and trailing commas allowed, unknown keys refused so a
/// typo never passes silently) and resolves paths relative to the file's folder. A mistake in the
/// file is told as file, line, column and what to change (<see cref="ConfigShapeCheck"/>).
/// </summary>
public static class ConfigFile
{
    /// <param name="path">The configuration file.</param>
    /// <param name="typeInfo">What the file holds.</param>
    /// <param name="usualName">The file's usual name (site.json), suggested when a folder is given instead.</param>
    public static T Load<T>(string path, JsonTypeInfo<T> typeInfo, string? usualName = null)
        where T : class
    {
        if (Directory.Exists(path))
        {
            throw new ConfigurationException(FolderGiven(path, usualName));
        }

        if (!File.Exists(path))
        {
            throw new ConfigurationException($"Configuration file {path} does not exist.");
        }

        var text = new ConfigText(File.ReadAllBytes(path));
        if (ConfigShapeCheck.Problem(text, typeInfo) is { } problem)
        {
            throw new ConfigurationException($"{path}: {problem}");
        }

        try
        {
            return JsonSerializer.Deserialize(text.Bytes, typeInfo)
                ?? throw new ConfigurationException($"{path}: the configuration is null; write it as an object in {{ }}.");
        }
        catch (JsonException ex)
        {
            // What the shape check lets through and the serializer still refuses: where, in our words.
            var offset = text.Offset(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            var at = ex.Path is { Length: > 2 } jsonPath ? $", in {jsonPath[2..]}" : string.Empty;
            throw new ConfigurationException($"{path}: {text.Where(offset)}{at}: this value cannot be read for this setting; docs/configuration.md shows what it takes.", ex);
        }
    }

    /// <summary>An absolute path for <paramref name="path"/> taken relative to <paramref name="baseDirectory"/>.</summary>
    public static string Resolve(string baseDirectory, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

    private static string FolderGiven(string path, string? usualName)
    {
        var example = Path.Combine(path, usualName ?? "config.json");
        var files = Directory.EnumerateFiles(path, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(10).ToList();
        var holds = files.Count == 0 ? "It holds no .json file." : $"It holds: {string.Join(", ", files)}.";
        return $"{path} is a folder; give the configuration file, e.g. --config {example}. {holds}";
    }
}
