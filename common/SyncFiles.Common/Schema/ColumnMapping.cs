namespace SyncFiles.Common.Schema;

/// <summary>
/// Maps every catalog column of one table and reports all the columns that cannot travel
/// together, so an operator fixes them in one go instead of one per run.
/// </summary>
public static class ColumnMapping
{
    /// <summary>
    /// Applies <paramref name="map"/> to each column; a <see cref="SyncFilesException"/> from any of
    /// them (a type with no portable equivalent, a bad name) is collected, and all of them are
    /// thrown at the end as one <see cref="ConfigurationException"/>: a person must fix the schema
    /// or the configuration, the next run cannot.
    /// </summary>
    public static List<ColumnSchema> MapEvery<TColumn>(IEnumerable<TColumn> columns, Func<TColumn, ColumnSchema> map)
    {
        var mapped = new List<ColumnSchema>();
        var problems = new List<string>();
        foreach (var column in columns)
        {
            try
            {
                mapped.Add(map(column));
            }
            catch (SyncFilesException ex)
            {
                problems.AddRange(ex is ConfigurationException configuration ? configuration.Problems : [ex.Message]);
            }
        }

        return problems.Count == 0 ? mapped : throw new ConfigurationException(problems);
    }
}
