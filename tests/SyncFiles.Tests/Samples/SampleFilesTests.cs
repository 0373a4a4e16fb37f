using Microsoft.SqlServer.TransactSql.ScriptDom;
using SyncFiles.Exporter.Config;
using SyncFiles.Importer.Config;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Samples;

/// <summary>The sample schemas and configurations users copy must load as they are.</summary>
public sealed class SampleFilesTests
{
    private static string SamplesFolder([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "samples"));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("sqlserver")]
    [InlineData("mysql")]
    public void Sample_configurations_are_valid(string provider)
    {
        var site = SiteSettings.Load(Path.Combine(SamplesFolder(), provider, "site.json"));
        var server = ServerSettings.Load(Path.Combine(SamplesFolder(), provider, "server.json"));

        Assert.Equal(provider, site.Config.Source.Provider);
        Assert.Equal(provider, server.Config.Target.Provider);
        Assert.Equal(12, site.Config.Tables.Count);
        Assert.Equal(site.Config.Tables.Select(t => t.Name), server.Config.Tables.Select(t => t.Name));
    }

    [Theory]
    [InlineData("shop.sql")]
    [InlineData("central.sql")]
    public void Sql_server_sample_schemas_parse(string file)
    {
        using var reader = new StreamReader(Path.Combine(SamplesFolder(), "sqlserver", file));
        new TSql170Parser(true).Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
    }

    [Theory]
    [InlineData("shop.sql")]
    [InlineData("central.sql")]
    public void PostgreSQL_sample_schemas_load(string file)
    {
        using var database = new PostgresTestDatabase();

        database.Execute(File.ReadAllText(Path.Combine(SamplesFolder(), "postgres", file)));

        Assert.Equal(0, database.Count("factures"));
    }

    [Theory]
    [InlineData("shop.sql")]
    [InlineData("central.sql")]
    public void MariaDB_sample_schemas_load(string file)
    {
        using var database = new MySqlTestDatabase();

        database.Execute(File.ReadAllText(Path.Combine(SamplesFolder(), "mysql", file)));

        Assert.Equal(0, database.Count("factures"));
    }
}
