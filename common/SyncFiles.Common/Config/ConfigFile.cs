using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SyncFiles.Common.Config;

/// <summary>
/// Reads a JSON configuration file (comments and trailing commas allowed, unknown keys refused so a
/// typo never passes silently) and resolves paths relative to the file's folder.
/// </summary>
public static class ConfigFile
{
    public static T Load<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"Configuration file {path} does not exist.");
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            return JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new ConfigurationException($"{path}: the configuration is empty.");
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{path}: line {(ex.LineNumber ?? 0) + 1}, at {ex.Path}: {ex.Message}", ex);
        }
    }

    /// <summary>An absolute path for <paramref name="path"/> taken relative to <paramref name="baseDirectory"/>.</summary>
    public static string Resolve(string baseDirectory, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));
}
