using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The configured tables as the source has them, checked before the bundle is begun: columns, key
/// and change column, every problem of every table reported at once.
/// </summary>
internal static class TableCheck
{
    /// <summary>
    /// Describes every configured table and checks each column, key and change column before the
    /// first bundle entry is written, and refuses them all in one <see cref="ConfigurationException"/>
    /// (exit 2): a person must fix the schema or the configuration, so an operator sees every
    /// problem at once instead of one per scheduled run. Anything else (a lost connection) is not
    /// caught here and fails the run as before.
    /// </summary>
    public static async Task<Dictionary<string, (TableSchema Schema, IReadOnlyList<string> Key)>> DescribeAllAsync(
        ISourceSnapshot snapshot, IReadOnlyList<SiteTableConfig> tables, CancellationToken cancellationToken)
    {
        var described = new Dictionary<string, (TableSchema, IReadOnlyList<string>)>(StringComparer.Ordinal);
        var problems = new List<LocalizedText>();
        await snapshot.PrepareDescriptionsAsync(tables.Select(t => t.Name).ToList(), cancellationToken);
        foreach (var tableConfig in tables)
        {
            TableSchema schema;
            try
            {
                schema = await snapshot.DescribeTableAsync(tableConfig.Name, cancellationToken);
            }
            catch (ConfigurationException ex)
            {
                problems.AddRange(ex.ProblemTexts);
                continue;
            }

            var key = Check(problems, () => ResolveKey(schema, tableConfig));
            if (tableConfig.Kind == TableKind.Transaction)
            {
                Check(problems, () =>
                {
                    var column = tableConfig.ChangeColumn is null ? null : schema.Find(tableConfig.ChangeColumn)
                        ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoSuchChangeColumn), schema.Name, tableConfig.ChangeColumn));
                    return ChangeWindow.ResolveStrategy(schema.Name, column, tableConfig.Strategy);
                });
            }

            if (key is not null)
            {
                described[tableConfig.Name] = (schema, key);
            }
        }

        if (problems.Count > 0)
        {
            var heading = problems.Count == 1 ? ExporterText.Get(nameof(ExporterMessages.TableProblemsOne)) : ExporterText.Get(nameof(ExporterMessages.TableProblemsMany), problems.Count);
            throw new ConfigurationException([heading, .. problems.Select(p => ExporterText.Get(nameof(ExporterMessages.ProblemLine), p))]);
        }

        return described;
    }

    private static T? Check<T>(List<LocalizedText> problems, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ConfigurationException ex)
        {
            problems.AddRange(ex.ProblemTexts);
            return default;
        }
    }

    /// <summary>The merge key: the configured <c>key</c> columns spelled as the source does, else the primary key.</summary>
    public static IReadOnlyList<string> ResolveKey(TableSchema schema, SiteTableConfig tableConfig)
    {
        if (tableConfig.Key is { Count: > 0 } configured)
        {
            var resolved = new List<string>(configured.Count);
            foreach (var name in configured)
            {
                var column = schema.Find(name) ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoSuchKeyColumn), schema.Name, name));
                resolved.Add(column.Name);
            }

            return resolved;
        }

        if (schema.PrimaryKey.Count == 0)
        {
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoPrimaryKey), schema.Name));
        }

        return schema.PrimaryKey;
    }
}
