using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>
/// One prepared INSERT for one table, its parameters reused for every row; values always
/// travel as parameters. Counts the rows it inserted.
/// </summary>
internal sealed class SqliteRowInserter : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public SqliteRowInserter(
        SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        Table = table;
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        var names = Enumerable.Range(0, columns.Length).Select(ParameterName).ToArray();
        _command.CommandText =
            $"INSERT INTO {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) VALUES ({string.Join(", ", names)})";
        _parameters = names.Select(name => _command.Parameters.Add(new SqliteParameter(name, DBNull.Value))).ToArray();

        _command.Prepare();
    }

    public string Table { get; }

    public long RowsInserted { get; private set; }

    /// <summary>Inserts one row; <paramref name="values"/> are in column order, null meaning SQL NULL.</summary>
    public async Task InsertAsync(object?[] values, CancellationToken cancellationToken)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException(
                $"{Table}: {values.Length} values given for {_parameters.Length} columns.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken);
        RowsInserted++;
    }

    public void Dispose() => _command.Dispose();

    private static string ParameterName(int ordinal) => "$p" + ordinal.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
