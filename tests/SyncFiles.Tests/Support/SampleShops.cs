using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using SyncFiles.Tests.Resilience;

namespace SyncFiles.Tests.Support;

/// <summary>
/// The sample shop and head-office databases users start from: samples/*/shop.sql and central.sql,
/// filled by the real generator (<c>syncfiles-samples generate</c>, run as a child process).
/// </summary>
public static class SampleShops
{
    public static readonly string[] Tables =
    [
        "agences", "familles", "articles", "clients", "fournisseurs", "types_vente", "caisses",
        "factures", "lignes_facture", "mouvements_stock", "statistiques", "chiffre_affaires",
    ];

    public static string SamplesFolder([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "samples"));

    public static string Script(string provider, string file) => File.ReadAllText(Path.Combine(SamplesFolder(), provider, file));

    /// <summary>A new SQLite shop of site <paramref name="site"/>, made by <c>syncfiles-samples generate</c>.</summary>
    public static async Task GenerateSqliteAsync(string path, string site = "AG01", int invoices = 300)
    {
        using var generator = ProgramProcess.Start("syncfiles-samples", "generate", "--db", path, "--site", site, "--invoices", invoices.ToString(CultureInfo.InvariantCulture));
        var result = await generator.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Copies every sample table of a SQLite shop into a PostgreSQL shop made from samples/postgres/shop.sql (COPY, text form).</summary>
    public static void CopyToPostgres(string sqlitePath, string postgresConnectionString)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        source.Open();
        using var target = new NpgsqlConnection(postgresConnectionString);
        target.Open();
        foreach (var table in Tables)
        {
            using var select = source.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            using var reader = select.ExecuteReader();
            var columns = string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            using var copy = target.BeginTextImport($"COPY {table} ({columns}) FROM STDIN (FORMAT csv)");
            while (reader.Read())
            {
                var line = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    line.Append(i == 0 ? string.Empty : ",").Append(Csv(reader.IsDBNull(i) ? null : reader.GetValue(i)));
                }

                copy.WriteLine(line.ToString());
            }
        }
    }

    // PostgreSQL reads each type from its text form: SQLite's text date-times, 0/1 booleans and REAL decimals included.
    private static string Csv(object? value) => value switch
    {
        null => string.Empty,
        string text => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
