using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// Every row of a query in one comparable text form (see <see cref="TestDatabase.Canonical"/>),
/// sorted, so two databases can be compared row by row and column by column whatever their
/// provider and whatever order the rows come back in.
/// </summary>
public sealed record TableContents(string Query, IReadOnlyList<string> Rows)
{
    private const char Separator = '\u001f';
    private const string Null = "\u2400";

    /// <summary>A short fingerprint of the rows, to keep many expected states in memory cheaply.</summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Rows))));

    public static TableContents Read(TestDatabase database, string query)
    {
        var rows = database is SqliteTestDatabase sqlite
            ? ReadSqlite(sqlite.Path, query)
            : database.Query(query).Select(Line).ToList();
        rows.Sort(StringComparer.Ordinal);
        return new TableContents(query, rows);
    }

    /// <summary>Asserts equal rows; on failure names the first rows that differ rather than dumping both tables.</summary>
    public void AssertSameAs(TableContents expected, string context)
    {
        if (Rows.SequenceEqual(expected.Rows, StringComparer.Ordinal))
        {
            return;
        }

        var missing = expected.Rows.Except(Rows, StringComparer.Ordinal).Take(3).Select(Readable);
        var extra = Rows.Except(expected.Rows, StringComparer.Ordinal).Take(3).Select(Readable);
        Assert.Fail($"{context}: {Query} has {Rows.Count} rows, expected {expected.Rows.Count}.\n  expected but missing: {string.Join(" | ", missing)}\n  present but not expected: {string.Join(" | ", extra)}");
    }

    private static string Line(object?[] row) => string.Join(Separator, row.Select(value => TestDatabase.Canonical(value) ?? Null));

    private static string Readable(string row) => row.Replace(Separator, ',');

    // Read-write on purpose: a writer killed inside a transaction leaves a hot rollback journal, and
    // only a read-write connection may roll it back (a read-only one fails with
    // SQLITE_READONLY_ROLLBACK). The next importer run would do exactly the same on opening.
    private static List<string> ReadSqlite(string path, string query)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        var values = new object?[reader.FieldCount];
        while (reader.Read())
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(Line(values));
        }

        return rows;
    }
}
