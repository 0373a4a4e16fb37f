namespace SyncFiles.Common.Bundle;

/// <summary>Names of the entries inside a bundle.</summary>
public static class BundleEntries
{
    public const string Manifest = "manifest.json";

    public static string TableFile(string table) => $"tables/{table}.csv";

    public static string DeletedFile(string table) => $"tables/{table}.deleted.csv";
}
