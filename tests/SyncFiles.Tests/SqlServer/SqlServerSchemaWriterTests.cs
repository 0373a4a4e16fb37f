using Microsoft.SqlServer.TransactSql.ScriptDom;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>
/// The DDL init and <c>"schemaChanges": "addColumns"</c> send to SQL Server (CREATE TABLE, CREATE
/// INDEX, ALTER TABLE ... ADD), for a column of every portable type and the source types SQL
/// Server keeps, parsed with ScriptDom and checked in the tree. No server needed.
/// </summary>
public sealed class SqlServerSchemaWriterTests
{
    private static readonly SqlServerSchemaWriter Writer = new();

    private static readonly (ManifestColumn Column, string? Native, string Expected)[] Columns =
    [
        (Column("flag", PortableType.Boolean), null, "bit"),
        (Column("small", PortableType.Int16), null, "smallint"),
        (Column("count", PortableType.Int32), null, "int"),
        (Column("big", PortableType.Int64), null, "bigint"),
        (Column("amount", PortableType.Decimal) with { Precision = 18, Scale = 4 }, null, "decimal(18,4)"),
        (Column("loose", PortableType.Decimal), null, "decimal(38,18)"),
        (Column("ratio", PortableType.Float32), null, "real"),
        (Column("measure", PortableType.Float64), null, "float"),
        (Column("label", PortableType.String) with { Length = 200 }, null, "nvarchar(200)"),
        (Column("long_label", PortableType.String) with { Length = 5000 }, null, "nvarchar(max)"),
        (Column("note", PortableType.String), null, "nvarchar(max)"),
        (Column("day", PortableType.Date), null, "date"),
        (Column("at_time", PortableType.Time), null, "time(7)"),
        (Column("stamp", PortableType.DateTime), null, "datetime2(7)"),
        (Column("stamp_tz", PortableType.DateTimeOffset), null, "datetimeoffset(7)"),
        (Column("uid", PortableType.Guid), null, "uniqueidentifier"),
        (Column("payload", PortableType.Binary), null, "varbinary(max)"),
        (Column("thumb", PortableType.Binary) with { Length = 16 }, null, "varbinary(16)"),
        (Column("doc", PortableType.String) with { SourceType = "xml" }, "xml", "xml"),
        (Column("place", PortableType.String) with { SourceType = "geography" }, "geography", "geography"),
        (Column("node", PortableType.String) with { SourceType = "hierarchyid" }, "hierarchyid", "hierarchyid"),
        (Column("tags", PortableType.String) with { SourceType = "integer[]" }, null, "nvarchar(max)"),
    ];

    [Fact]
    public void Every_portable_type_gets_its_sql_server_type()
    {
        foreach (var (column, native, expected) in Columns)
        {
            Assert.Equal(expected, Writer.ColumnType(column, native, isKey: false));
        }
    }

    [Fact]
    public void An_unbounded_string_in_the_key_gets_the_widest_key_a_sql_server_index_takes()
    {
        Assert.Equal("nvarchar(450)", Writer.ColumnType(Column("code", PortableType.String), null, isKey: true));
        Assert.Equal("nvarchar(450)", Writer.ColumnType(Column("code", PortableType.String) with { SourceType = "citext" }, null, isKey: true));
        Assert.Equal("varbinary(900)", Writer.ColumnType(Column("hash", PortableType.Binary), null, isKey: true));
    }

    [Fact]
    public void Create_table_parses_with_the_site_column_first_the_composite_key_and_the_change_column_index()
    {
        var columns = Columns.Select(c => new NewColumn(c.Column.Name, Writer.ColumnType(c.Column, c.Native, isKey: false), Nullable: true))
            .Prepend(new NewColumn("id", "int", Nullable: false))
            .Prepend(new NewColumn("site_id", Writer.SiteColumnType, Nullable: false))
            .ToList();
        var statements = Writer.CreateTable(new NewTable("Invoice Line".Replace(' ', '_'), columns, ["site_id", "id"], ["stamp"]));

        Assert.Equal(2, statements.Count);
        var create = TSqlParsing.All<CreateTableStatement>(TSqlParsing.Parse(statements[0])).Single();
        Assert.Equal("Invoice_Line", create.SchemaObjectName.BaseIdentifier.Value);
        Assert.Equal(columns.Select(c => c.Name), create.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        Assert.Equal(QuoteType.SquareBracket, create.Definition.ColumnDefinitions[0].ColumnIdentifier.QuoteType);
        Assert.Equal("varchar", ((SqlDataTypeReference)create.Definition.ColumnDefinitions[0].DataType).SqlDataTypeOption.ToString().ToLowerInvariant());
        Assert.Contains(create.Definition.ColumnDefinitions[0].Constraints, c => c is NullableConstraintDefinition { Nullable: false });
        var key = create.Definition.TableConstraints.OfType<UniqueConstraintDefinition>().Single();
        Assert.True(key.IsPrimaryKey);
        Assert.Equal(["site_id", "id"], key.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Last().Value));

        var index = TSqlParsing.All<CreateIndexStatement>(TSqlParsing.Parse(statements[1])).Single();
        Assert.Equal("ix_Invoice_Line_stamp", index.Name.Value);
        Assert.Equal(["stamp"], index.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers.Last().Value));
    }

    [Fact]
    public void Alter_table_add_parses_for_every_type_as_a_nullable_column()
    {
        foreach (var (column, native, _) in Columns)
        {
            var sql = Writer.AddColumn("factures", new NewColumn(column.Name, Writer.ColumnType(column, native, isKey: false), Nullable: true));
            var add = TSqlParsing.All<AlterTableAddTableElementStatement>(TSqlParsing.Parse(sql)).Single();
            Assert.Equal("factures", add.SchemaObjectName.BaseIdentifier.Value);
            var definition = add.Definition.ColumnDefinitions.Single();
            Assert.Equal(column.Name, definition.ColumnIdentifier.Value);
            Assert.Contains(definition.Constraints, c => c is NullableConstraintDefinition { Nullable: true });
        }
    }

    [Fact]
    public void A_long_index_name_is_cut_with_a_hash_so_two_stay_apart()
    {
        var table = new NewTable(new string('t', 60), [new NewColumn("a", "int", false)], ["a"], []);

        var one = table.IndexName("changed_at_first");
        var other = table.IndexName("changed_at_second");

        Assert.True(one.Length <= 63 && other.Length <= 63, $"{one} / {other}");
        Assert.NotEqual(one, other);
        TSqlParsing.Parse(Writer.CreateTable(table with { IndexedColumns = ["a"] })[1]);
    }

    [Theory]
    [InlineData("x]; DROP TABLE y--")]
    [InlineData("a b")]
    public void A_name_that_is_not_an_identifier_never_reaches_the_ddl(string hostile)
    {
        Assert.ThrowsAny<Exception>(() => Writer.AddColumn("factures", new NewColumn(hostile, "int", true)));
        Assert.ThrowsAny<Exception>(() => Writer.CreateTable(new NewTable(hostile, [new NewColumn("a", "int", false)], ["a"], [])));
    }

    private static ManifestColumn Column(string name, PortableType type) => new() { Name = name, Type = type, Nullable = true };
}
