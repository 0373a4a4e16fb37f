using System.Data.Common;
using SyncFiles.Common.Csv;

namespace SyncFiles.SqlServer;

/// <summary>
/// The reader SqlBulkCopy pulls from: another reader's rows, streamed, with each value in a form
/// SqlBulkCopy converts into its staging column. SqlBulkCopy reads only GetValue and coerces with
/// Convert.ChangeType, which knows neither DateOnly into a datetime column (a bundle date loaded
/// into a datetime target) nor Guid into a character column; so dates become DateTime, times
/// TimeSpan, and any value bound for a character column its exact bundle text (a GUID's lower-case
/// "D" text, a date-time with its offset: what the other providers store).
/// </summary>
internal sealed class SqlServerBulkFeed : ForwardingDataReader
{
    private readonly bool[] _asText;

    /// <param name="inner">The rows; the caller keeps ownership.</param>
    /// <param name="asText">Per ordinal of <paramref name="inner"/>, whether the staging column is character data.</param>
    public SqlServerBulkFeed(DbDataReader inner, IReadOnlyList<bool> asText)
        : base(inner)
    {
        _asText = asText.ToArray();
    }

    public override Type GetFieldType(int ordinal)
    {
        var type = base.GetFieldType(ordinal);
        return AsText(ordinal) ? typeof(string)
            : type == typeof(DateOnly) ? typeof(DateTime)
            : type == typeof(TimeOnly) ? typeof(TimeSpan)
            : type;
    }

    public override object GetValue(int ordinal) => base.GetValue(ordinal) switch
    {
        var value when AsText(ordinal) && value is not (string or DBNull) => ValueText.FormatValue(value),
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        TimeOnly time => time.ToTimeSpan(),
        var value => value,
    };

    public override T GetFieldValue<T>(int ordinal) => (T)GetValue(ordinal);

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    // Also what the base GetTextReader reads when SqlBulkCopy streams a (max) column.
    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    private bool AsText(int ordinal) => ordinal < _asText.Length && _asText[ordinal];
}
