namespace SyncFiles.Common.Config;

/// <summary>Which database and how to reach it: <c>{"provider": "sqlite", "connectionString": "Data Source=shop.db"}</c>.</summary>
public sealed record ConnectionConfig
{
    public required string Provider { get; init; }

    public required string ConnectionString { get; init; }
}
