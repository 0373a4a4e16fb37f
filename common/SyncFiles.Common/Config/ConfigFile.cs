using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SyncFiles.Common.Text;

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
            throw new ConfigurationException(ConfigText.Get(nameof(ConfigMessages.ConfigFileMissing), path));
        }

        var text = new ConfigFileText(File.ReadAllBytes(path));
        if (ConfigShapeCheck.Problem(text, typeInfo) is { } problem)
        {
            throw new ConfigurationException(InFile(path, problem));
        }

        try
        {
            return JsonSerializer.Deserialize(text.Bytes, typeInfo)
                ?? throw new ConfigurationException(InFile(path, ConfigText.Get(nameof(ConfigMessages.ConfigNull), "{ }")));
        }
        catch (JsonException ex)
        {
            // What the shape check lets through and the serializer still refuses: where, in our words.
            var offset = text.Offset(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            var at = text.At(offset, ConfigText.Get(nameof(ConfigMessages.ConfigUnreadable)), ex.Path is { Length: > 2 } jsonPath ? jsonPath[2..] : null);
            throw new ConfigurationException(InFile(path, at), ex);
        }
    }

    /// <summary>
    /// Builds the serializer's metadata for <paramref name="root"/> and for every type its
    /// properties and lists hold: what <see cref="Load{T}"/> would otherwise build on first use
    /// (<see cref="Cli.ConfigurationWarmUp"/> calls this on a worker thread).
    /// </summary>
    public static void PrepareMetadata(JsonTypeInfo root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var seen = new HashSet<Type>();
        var pending = new Stack<JsonTypeInfo>();
        pending.Push(root);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type.Type))
            {
                continue;
            }

            var held = type.Properties.Select(p => p.PropertyType).Append(type.ElementType).Append(type.KeyType);
            foreach (var child in held)
            {
                // A type the context has no metadata for is left to the serializer, as the shape check leaves it.
                if (child is not null && root.Options.TryGetTypeInfo(child, out var info))
                {
                    pending.Push(info);
                }
            }
        }
    }

    /// <summary>An absolute path for <paramref name="path"/> taken relative to <paramref name="baseDirectory"/>.</summary>
    public static string Resolve(string baseDirectory, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

    /// <summary>A problem of the configuration file <paramref name="path"/>, prefixed with the file.</summary>
    public static LocalizedText InFile(string path, LocalizedText problem) => ConfigText.Get(nameof(ConfigMessages.ConfigInFile), path, problem);

    private static LocalizedText FolderGiven(string path, string? usualName)
    {
        var example = Path.Combine(path, usualName ?? "config.json");
        var files = Directory.EnumerateFiles(path, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(10).ToList();
        var holds = files.Count == 0
            ? ConfigText.Get(nameof(ConfigMessages.ConfigFolderHoldsNoJson))
            : ConfigText.Get(nameof(ConfigMessages.ConfigFolderHolds), string.Join(", ", files));
        return ConfigText.Get(nameof(ConfigMessages.ConfigFolderGiven), path, example, holds);
    }
}
