using System.Text;
using SyncFiles.Common.IO;

namespace SyncFiles.Common.Config;

/// <summary>
/// Where <c>init</c> writes a configuration it generated: atomically (a temporary file renamed into
/// place, so a crash leaves no half-written file), and never over an existing file unless asked.
/// </summary>
public static class NewConfigFile
{
    /// <summary>Refuses, before any work is done, to replace an existing file without <paramref name="force"/>.</summary>
    public static void CheckWritable(string path, bool force)
    {
        if (!force && File.Exists(path))
        {
            throw Exists(path);
        }
    }

    public static void Write(string path, string text, bool force)
    {
        CheckWritable(path, force);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        PrivateFiles.CreateDirectory(folder);
        try
        {
            AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(text), overwrite: force);
        }
        catch (IOException) when (!force && File.Exists(path))
        {
            // Created by someone else while the catalog was read: theirs stays.
            throw Exists(path);
        }
    }

    private static ConfigurationException Exists(string path) =>
        new($"{Path.GetFullPath(path)} already exists and was left as it is. Give another --out, or pass --force to replace it.");
}
