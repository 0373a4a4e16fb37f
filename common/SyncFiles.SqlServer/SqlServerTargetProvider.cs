using System.Collections.Frozen;
using Microsoft.Data.SqlClient;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.SqlServer;

/// <summary>Writes bundles into a central SQL Server database for the importer.</summary>
public sealed class SqlServerTargetProvider : ITargetProvider
{
    /// <summary>
    /// SQL Server error numbers caused by the data itself: the same bundle would fail the same way
    /// again. Decided by number only, never by message text (messages are localised).
    /// </summary>
    internal static readonly FrozenSet<int> RejectedDataErrors = new[]
    {
        2627, // Violation of a PRIMARY KEY or UNIQUE constraint.
        2601, // Duplicate key row in a unique index.
        515,  // NULL into a NOT NULL column.
        547,  // FOREIGN KEY or CHECK constraint conflict.
        8152, // String or binary data would be truncated.
        2628, // String or binary data would be truncated (naming table and column, SQL Server 2019+).
        8115, // Arithmetic overflow converting to a numeric type.
        220,  // Arithmetic overflow for a type, e.g. a tinyint target (staged as smallint) given 300.
        242,  // Conversion to datetime out of range.
        245,  // Conversion failed (a value into a column of another type).
        8114, // Error converting data type.
        8672, // MERGE touched the same target row twice: the bundle holds one key twice.
        6522, // A .NET error in a CLR type's method: hierarchyid::Parse or a spatial STGeomFromText / Parse refused the bundle's text.
    }.ToFrozenSet();

    public string Name => "sqlserver";

    public async Task<ITargetConnection> OpenAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken)
    {
        var connection = await SqlServerConnections.OpenAsync(connectionString, "target", cancellationToken);
        return new SqlServerTargetConnection(connection, log);
    }

    public async Task<LedgerSummary?> ReadLedgerSummaryAsync(string connectionString, string baseDirectory, DateOnly rowsPerDaySince, CancellationToken cancellationToken)
    {
        await using var connection = await SqlServerConnections.OpenAsync(connectionString, "target", cancellationToken);
        return await SqlServerLedgerReader.ReadAsync(connection, rowsPerDaySince, cancellationToken);
    }

    public bool IsRejectedData(Exception exception) =>
        exception is SqlException sql && IsRejectedDataError(sql.Number);

    /// <summary>
    /// <see cref="RejectedDataErrors"/>, and the two ranges of xml errors a bundle's text can raise
    /// in CONVERT(xml, ...): 9400-9499, XML parsing (malformed text); 6901-6999, XML Validation
    /// against the column's XML schema collection.
    /// </summary>
    internal static bool IsRejectedDataError(int number) =>
        RejectedDataErrors.Contains(number) || number is >= 9400 and <= 9499 or >= 6901 and <= 6999;
}
