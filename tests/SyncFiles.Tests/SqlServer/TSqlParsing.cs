using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit.Sdk;

namespace SyncFiles.Tests.SqlServer;

/// <summary>Parses T-SQL with ScriptDom (SQL Server 2025 grammar) and walks the tree, so generated SQL is checked without a server.</summary>
internal static class TSqlParsing
{
    /// <summary>The parsed script; fails showing the SQL and the first error when it does not parse.</summary>
    public static TSqlFragment Parse(string sql)
    {
        var fragment = new TSql170Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out IList<ParseError> errors);
        if (errors.Count > 0)
        {
            var first = errors[0];
            throw new XunitException(
                $"The generated SQL does not parse: line {first.Line}, column {first.Column}: {first.Message} (error {first.Number}, {errors.Count} in all)\n{sql}");
        }

        return fragment;
    }

    /// <summary>Every node of type <typeparamref name="T"/> under <paramref name="fragment"/>.</summary>
    public static List<T> All<T>(TSqlFragment fragment)
        where T : TSqlFragment
    {
        var visitor = new Collector<T>();
        fragment.Accept(visitor);
        return visitor.Found;
    }

    /// <summary>The literals written in the statement's logic: those that size a data type (varbinary(100)) are not counted.</summary>
    public static List<Literal> Literals(TSqlFragment fragment)
    {
        var visitor = new LiteralCollector();
        fragment.Accept(visitor);
        return visitor.Found;
    }

    /// <summary>The names of the variables the statement reads (@from, @to...).</summary>
    public static HashSet<string> Variables(TSqlFragment fragment) =>
        All<VariableReference>(fragment).Select(v => v.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>alias.column</c> for a column reference; <c>column</c> without an alias.</summary>
    public static string Name(ColumnReferenceExpression column) =>
        string.Join(".", column.MultiPartIdentifier.Identifiers.Select(i => i.Value));

    /// <summary>The equalities between two columns in a search condition, as "left = right".</summary>
    public static List<string> ColumnEqualities(TSqlFragment condition) =>
        All<BooleanComparisonExpression>(condition)
            .Where(c => c.ComparisonType == BooleanComparisonType.Equals && c.FirstExpression is ColumnReferenceExpression && c.SecondExpression is ColumnReferenceExpression)
            .Select(c => $"{Name((ColumnReferenceExpression)c.FirstExpression)} = {Name((ColumnReferenceExpression)c.SecondExpression)}")
            .ToList();

    private sealed class Collector<T> : TSqlFragmentVisitor
        where T : TSqlFragment
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlFragment fragment)
        {
            if (fragment is T match)
            {
                Found.Add(match);
            }
        }
    }

    private sealed class LiteralCollector : TSqlFragmentVisitor
    {
        public List<Literal> Found { get; } = [];

        public override void Visit(Literal node) => Found.Add(node);

        // A data type's length, precision or scale is part of the type, not a value.
        public override void ExplicitVisit(SqlDataTypeReference node)
        {
        }
    }
}
