using Microsoft.SqlServer.TransactSql.ScriptDom;
using SyncFiles.Common;
using SyncFiles.SqlServer;
using static SyncFiles.Tests.SqlServer.SqlServerTestTables;

namespace SyncFiles.Tests.SqlServer;

/// <summary>
/// Every statement the SQL Server provider can send, generated for a variety of tables and parsed
/// with ScriptDom; where it matters, the tree is checked too (locks, key matches, values only as
/// parameters). No server is needed: none can run on the build machines.
/// </summary>
public sealed class SqlServerSqlTests
{
    private const string Hostile = "x]; DROP TABLE y--";

    private static readonly string[] OrdersKey = ["site_id", "id"];
    private static readonly string[] ArticlesKey = ["id"];
    private static readonly string[] ArticleTagsKey = ["site_id", "article_id", "tag"];
    private static readonly string[] StockKey = ["site_id", "sku"];

    private static readonly Dictionary<string, string> Statements = new(StringComparer.Ordinal)
    {
        // Source: catalog and snapshot.
        ["source: snapshot isolation state"] = SqlServerSql.SnapshotIsolationState,
        ["source: snapshot bounds (MIN_ACTIVE_ROWVERSION, CHANGE_TRACKING_CURRENT_VERSION)"] = SqlServerSql.SnapshotBounds,
        ["source: change tracking min valid version"] = SqlServerSql.ChangeTrackingMinValidVersion,
        ["source: clock (SYSDATETIME, SYSUTCDATETIME)"] = SqlServerSql.Clock,
        ["catalog: describe columns of tables and views"] = SqlServerSql.DescribeColumns(includeViews: true),
        ["catalog: describe columns of tables"] = SqlServerSql.DescribeColumns(includeViews: false),
        ["catalog: primary key"] = SqlServerSql.PrimaryKey,
        ["catalog: unique keys"] = SqlServerSql.UniqueKeys,
        ["catalog: is indexed"] = SqlServerSql.IsIndexed,
        ["catalog: resolve a table name without case"] = SqlServerSql.ResolveTable,
        ["catalog: foreign keys"] = SqlServerSql.ForeignKeys,
        ["catalog: triggers of a table"] = SqlServerSql.Triggers,
        ["catalog: table names"] = SqlServerSql.TableNames,
        ["catalog: foreign keys referring to a table"] = SqlServerSql.ReferencingForeignKeys,
        ["source: max of a datetime2 column"] = SqlServerSql.Max("orders", "changed"),
        ["source: max of an integer column"] = SqlServerSql.Max("articles", "id"),

        // Source: rows.
        ["source: all rows of every type"] = SqlServerSql.SelectRows("orders", SourceEveryType),
        ["source: timestamp range, lower bound inclusive"] = SqlServerSql.SelectRowsInRange("orders", SourceEveryType, "changed", hasFrom: true, fromInclusive: true),
        ["source: sequence range, lower bound exclusive"] = SqlServerSql.SelectRowsInRange("articles", Articles, "id", hasFrom: true, fromInclusive: false),
        ["source: range without a lower bound"] = SqlServerSql.SelectRowsInRange("orders", SourceEveryType, "created", hasFrom: false, fromInclusive: false),
        ["source: rowversion range"] = SqlServerSql.SelectRowsInRowversionRange("orders", SourceEveryType, "rv", hasFrom: true, fromInclusive: false),
        ["source: rowversion range without a lower bound"] = SqlServerSql.SelectRowsInRowversionRange("orders", SourceEveryType, "rv", hasFrom: false, fromInclusive: false),
        ["source: changed rows, composite key"] = SqlServerSql.SelectChangedRows("orders", SourceEveryType, OrdersKey),
        ["source: changed rows, single key"] = SqlServerSql.SelectChangedRows("articles", Articles, ArticlesKey),
        ["source: deleted keys, composite key"] = SqlServerSql.SelectDeletedKeys("orders", [SourceEveryType[0], SourceEveryType[1]]),
        ["source: deleted keys, single tinyint key"] = SqlServerSql.SelectDeletedKeys("codes", [new SqlServerCatalogColumn("tiny", "tinyint", Nullable: false)]),
        ["source: all rows of the types read as text"] = SqlServerSql.SelectRows("org", NativeText),
        ["source: changed rows, hierarchyid key"] = SqlServerSql.SelectChangedRows("org", NativeText, ["node"]),
        ["source: deleted keys, hierarchyid key"] = SqlServerSql.SelectDeletedKeys("org", [NativeText[0]]),
        ["source: a spatial column named like its table"] = SqlServerSql.SelectRows("place", [new SqlServerCatalogColumn("place", "geography", MaxLength: -1)]),

        // Target: ledger and lock.
        ["ledger: create"] = SqlServerLedgerSql.Create,
        ["ledger: last sequences"] = SqlServerLedgerSql.LastSequences,
        ["ledger: last sequence"] = SqlServerLedgerSql.LastSequence,
        ["ledger: find"] = SqlServerLedgerSql.Find,
        ["ledger: insert"] = SqlServerLedgerSql.Insert,
        ["table state: create"] = SqlServerLedgerSql.CreateTableState,
        ["table state: read a site's"] = SqlServerLedgerSql.TableStates,
        ["table state: upsert"] = SqlServerLedgerSql.UpsertTableState,
        ["table state: delete"] = SqlServerLedgerSql.DeleteTableState,
        ["lock: sp_getapplock"] = SqlServerLedgerSql.AcquireSiteLock,
        ["lock: ledger creation"] = SqlServerLedgerSql.LockLedgerCreation,
        ["status: ledger exists"] = SqlServerLedgerSql.Exists,
        ["status: site summaries"] = SqlServerLedgerSql.SiteSummaries,
        ["status: rows per day"] = SqlServerLedgerSql.RowsPerDay,

        // Target: staging, merge, deletes.
        ["target: drop staging"] = SqlServerSql.DropTemporary(SqlServerSql.StageTable),
        ["target: drop tombstones"] = SqlServerSql.DropTemporary(SqlServerSql.TombstoneTable),
        ["target: create staging of every type"] = SqlServerSql.CreateStaging(SqlServerSql.StageTable, "orders", TargetEveryType),
        ["target: create staging with an identity column"] = SqlServerSql.CreateStaging(SqlServerSql.StageTable, "articles", Articles),
        ["target: create tombstone staging"] = SqlServerSql.CreateStaging(SqlServerSql.TombstoneTable, "orders", [TargetEveryType[0], TargetEveryType[1]]),
        ["target: merge every type, site column in the key"] = SqlServerSql.Merge(SqlServerSql.StageTable, "orders", TargetEveryType, OrdersKey),
        ["target: merge, identity key, no site column"] = SqlServerSql.Merge(SqlServerSql.StageTable, "articles", Articles, ArticlesKey),
        ["target: merge, every column in the key"] = SqlServerSql.Merge(SqlServerSql.StageTable, "article_tags", ArticleTags, ArticleTagsKey),
        ["target: merge, identity column outside the key"] = SqlServerSql.Merge(SqlServerSql.StageTable, "stock", Stock, StockKey),
        ["target: mirror delete with a site column"] = SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "article_tags", ArticleTags, "site_id"),
        ["target: mirror delete without a site column"] = SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "articles", [Articles[0]], null),
        ["target: delete tombstones, composite key"] = SqlServerSql.DeleteStaged(SqlServerSql.TombstoneTable, "orders", [TargetEveryType[0], TargetEveryType[1]]),
        ["target: delete tombstones, single key"] = SqlServerSql.DeleteStaged(SqlServerSql.TombstoneTable, "articles", [Articles[0]]),
        ["target: create staging of the types written from text"] = SqlServerSql.CreateStaging(SqlServerSql.StageTable, "org", NativeText),
        ["target: merge of the types written from text, hierarchyid key"] = SqlServerSql.Merge(SqlServerSql.StageTable, "org", NativeText, ["node"]),
        ["target: mirror delete, hierarchyid key"] = SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "org", [NativeText[0]], null),
        ["target: delete tombstones, hierarchyid key"] = SqlServerSql.DeleteStaged(SqlServerSql.TombstoneTable, "org", [NativeText[0]]),
        ["target: a staged row without its parent"] = SqlServerSql.ForeignKeyOrphan(SqlServerSql.StageTable, ["site_id", "customer_id"], "customer", ["site_id", "id"], selfReference: false),
        ["target: a staged row without its parent, key to its own table"] = SqlServerSql.ForeignKeyOrphan(SqlServerSql.StageTable, ["site_id", "manager_id"], "employee", ["site_id", "id"], selfReference: true),
        ["target: identity insert on"] = SqlServerSql.IdentityInsert("articles", on: true),
        ["target: identity insert off"] = SqlServerSql.IdentityInsert("articles", on: false),
    };

    public static TheoryData<string> StatementNames => new(Statements.Keys);

    public static TheoryData<string, string, string[]> Merges => new()
    {
        { "orders", "target: merge every type, site column in the key", OrdersKey },
        { "articles", "target: merge, identity key, no site column", ArticlesKey },
        { "article_tags", "target: merge, every column in the key", ArticleTagsKey },
        { "stock", "target: merge, identity column outside the key", StockKey },
    };

    [Fact]
    public void The_foreign_key_catalog_query_reads_enabled_keys_of_the_table_named_by_a_parameter_column_pairs_in_key_order()
    {
        var fragment = TSqlParsing.Parse(Statements["catalog: foreign keys"]);

        var tables = TSqlParsing.All<NamedTableReference>(fragment).Select(t => string.Join(".", t.SchemaObject.Identifiers.Select(i => i.Value))).ToList();
        Assert.Contains("sys.foreign_keys", tables);
        Assert.Contains("sys.foreign_key_columns", tables);
        var select = Assert.Single(TSqlParsing.All<QuerySpecification>(fragment));
        Assert.Equal(4, select.SelectElements.Count);
        Assert.Contains(TSqlParsing.All<VariableReference>(fragment), v => v.Name == SqlServerSql.TableParameter);
        Assert.Contains(TSqlParsing.All<ColumnReferenceExpression>(select.WhereClause), c => c.MultiPartIdentifier.Identifiers[^1].Value == "is_disabled");
        Assert.Equal(["name", "constraint_column_id"], select.OrderByClause.OrderByElements.Select(o => ((ColumnReferenceExpression)o.Expression).MultiPartIdentifier.Identifiers[^1].Value));
    }

    [Fact]
    public void The_search_for_a_staged_row_without_its_parent_matches_every_key_column_to_the_parent_and_for_a_self_reference_to_the_staged_rows_too()
    {
        var plain = Assert.Single(TSqlParsing.All<SelectStatement>(TSqlParsing.Parse(Statements["target: a staged row without its parent"])));
        var self = Assert.Single(TSqlParsing.All<SelectStatement>(TSqlParsing.Parse(Statements["target: a staged row without its parent, key to its own table"])));

        Assert.Equal(["p.site_id = s.site_id", "p.id = s.customer_id"], TSqlParsing.ColumnEqualities(plain));
        Assert.Single(TSqlParsing.All<ExistsPredicate>(plain));
        Assert.Equal(2, TSqlParsing.All<ExistsPredicate>(self).Count);
        Assert.Equal(2, TSqlParsing.All<BooleanIsNullExpression>(plain).Count);
        Assert.DoesNotContain(TSqlParsing.Literals(plain), l => l is StringLiteral);
    }

    [Theory]
    [InlineData("target: create staging of every type")]
    [InlineData("target: create tombstone staging")]
    public void Staging_tables_carry_the_target_collation_of_the_site_column_so_merge_delete_and_site_filter_agree(string statement)
    {
        var table = Assert.Single(TSqlParsing.All<CreateTableStatement>(TSqlParsing.Parse(Statements[statement])));
        var site = Assert.Single(table.Definition.ColumnDefinitions, c => c.ColumnIdentifier.Value == "site_id");

        Assert.Equal("Latin1_General_CI_AS", site.Collation?.Value);
    }

    [Theory]
    [MemberData(nameof(StatementNames))]
    public void Every_generated_statement_parses(string statement)
    {
        var fragment = TSqlParsing.Parse(Statements[statement]);

        Assert.NotEmpty(TSqlParsing.All<TSqlStatement>(fragment));
    }

    [Theory]
    [InlineData("status: ledger exists")]
    [InlineData("status: site summaries")]
    [InlineData("status: rows per day")]
    public void Status_statements_only_read_and_never_wait_behind_an_importer(string statement)
    {
        var fragment = TSqlParsing.Parse(Statements[statement]);

        Assert.All(TSqlParsing.All<TSqlStatement>(fragment), s => Assert.IsType<SelectStatement>(s));
        Assert.Empty(TSqlParsing.All<ExecuteStatement>(fragment));
        Assert.All(TSqlParsing.All<NamedTableReference>(fragment), table =>
        {
            Assert.Equal("syncfiles_ledger", table.SchemaObject.BaseIdentifier.Value);
            Assert.Contains(table.TableHints, h => h.HintKind == TableHintKind.ReadPast);
        });
        Assert.Subset(new HashSet<string>(["@since"], StringComparer.OrdinalIgnoreCase), TSqlParsing.Variables(fragment));
    }

    [Theory]
    [MemberData(nameof(Merges))]
    public void Merge_holds_its_lock_on_the_target_and_matches_on_every_key_column(string table, string statement, string[] key)
    {
        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(TSqlParsing.Parse(Statements[statement]))).MergeSpecification;

        var target = Assert.IsType<NamedTableReference>(merge.Target);
        Assert.Equal(table, target.SchemaObject.BaseIdentifier.Value);
        Assert.Contains(target.TableHints, h => h.HintKind == TableHintKind.HoldLock);
        Assert.Equal("t", merge.TableAlias.Value);
        Assert.Equal(SqlServerSql.StageTable, Assert.IsType<NamedTableReference>(merge.TableReference).SchemaObject.BaseIdentifier.Value);
        Assert.Equal(key.Select(k => $"t.{k} = s.{k}").Order(), TSqlParsing.ColumnEqualities(merge.SearchCondition).Order());
    }

    public static TheoryData<string, string, string[]> EveryMerge
    {
        get
        {
            var merges = Merges;
            merges.Add("org", "target: merge of the types written from text, hierarchyid key", ["node"]);
            return merges;
        }
    }

    [Theory]
    [MemberData(nameof(EveryMerge))]
    public void Merge_takes_every_value_from_the_staging_table_never_from_literals(string table, string statement, string[] key)
    {
        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(TSqlParsing.Parse(Statements[statement])));

        // The only constants are those of the input conversions (xml style 1, the SRID= prefix's parts, NULL for NULL).
        Assert.Subset(new HashSet<string>(["1", "SRID=%;%", ";", "6", "2147483647", "NULL"], StringComparer.Ordinal), TSqlParsing.Literals(merge).Select(l => l.Value).ToHashSet(StringComparer.Ordinal));
        var insert = Assert.Single(TSqlParsing.All<InsertMergeAction>(merge));
        var values = Assert.Single(Assert.IsType<ValuesInsertSource>(insert.Source).RowValues).ColumnValues;
        Assert.All(values.Zip(insert.Columns), pair => Assert.All(
            TSqlParsing.All<ColumnReferenceExpression>(pair.First),
            c => Assert.Equal("s." + TSqlParsing.Name(pair.Second), TSqlParsing.Name(c))));
        Assert.Equal(insert.Columns.Count, values.Count);
        Assert.Subset(insert.Columns.Select(c => TSqlParsing.Name(c)).ToHashSet(), key.ToHashSet());
        Assert.Equal(table, Assert.IsType<NamedTableReference>(merge.MergeSpecification.Target).SchemaObject.BaseIdentifier.Value);
    }

    [Fact]
    public void Merge_rewrites_a_matched_row_only_when_a_non_key_value_differs_and_never_updates_identity_or_key()
    {
        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(TSqlParsing.Parse(Statements["target: merge, identity column outside the key"]))).MergeSpecification;

        var matched = Assert.Single(merge.ActionClauses, a => a.Condition == MergeCondition.Matched);
        var except = Assert.IsType<BinaryQueryExpression>(Assert.IsType<ExistsPredicate>(matched.SearchCondition).Subquery.QueryExpression);
        Assert.Equal(BinaryQueryExpressionType.Except, except.BinaryQueryExpressionType);
        var update = Assert.IsType<UpdateMergeAction>(matched.Action);
        var set = update.SetClauses.Cast<AssignmentSetClause>().Select(c => TSqlParsing.Name(c.Column)).ToList();
        Assert.Equal(["quantity"], set);

        var insert = Assert.IsType<InsertMergeAction>(Assert.Single(merge.ActionClauses, a => a.Condition == MergeCondition.NotMatchedByTarget).Action);
        Assert.Equal(["row_id", "site_id", "sku", "quantity"], insert.Columns.Select(c => TSqlParsing.Name(c)));
    }

    [Fact]
    public void Merge_of_a_table_whose_every_column_is_in_the_key_only_inserts()
    {
        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(TSqlParsing.Parse(Statements["target: merge, every column in the key"]))).MergeSpecification;

        Assert.Equal(MergeCondition.NotMatchedByTarget, Assert.Single(merge.ActionClauses).Condition);
    }

    [Fact]
    public void Merge_compares_character_columns_as_bytes_so_a_change_of_case_is_a_change()
    {
        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(TSqlParsing.Parse(Statements["target: merge every type, site column in the key"]))).MergeSpecification;
        var matched = Assert.Single(merge.ActionClauses, a => a.Condition == MergeCondition.Matched);

        var casts = TSqlParsing.All<CastCall>(matched.SearchCondition)
            .Where(c => c.Parameter is ColumnReferenceExpression)
            .ToDictionary(c => TSqlParsing.Name((ColumnReferenceExpression)c.Parameter), c => ((SqlDataTypeReference)c.DataType).SqlDataTypeOption);
        foreach (var column in new[] { "code", "label", "initials", "notes" })
        {
            Assert.Equal(SqlDataTypeOption.VarBinary, casts[$"s.{column}"]);
            Assert.Equal(SqlDataTypeOption.VarBinary, casts[$"t.{column}"]);
        }

        Assert.DoesNotContain("s.amount", casts.Keys);
    }

    [Fact]
    public void Merge_with_an_identity_column_turns_identity_insert_on_and_off_again_even_on_failure()
    {
        foreach (var statement in new[] { "target: merge, identity key, no site column", "target: merge, identity column outside the key" })
        {
            var batch = TSqlParsing.Parse(Statements[statement]);
            var switches = TSqlParsing.All<SetIdentityInsertStatement>(batch);
            Assert.Equal(1, switches.Count(s => s.IsOn));
            Assert.Equal(2, switches.Count(s => !s.IsOn));
            var tryCatch = Assert.Single(TSqlParsing.All<TryCatchStatement>(batch));
            Assert.Single(TSqlParsing.All<MergeStatement>(tryCatch.TryStatements));
            Assert.Single(TSqlParsing.All<ThrowStatement>(tryCatch.CatchStatements));
        }

        Assert.Empty(TSqlParsing.All<SetIdentityInsertStatement>(TSqlParsing.Parse(Statements["target: merge every type, site column in the key"])));
    }

    [Fact]
    public void Merge_counts_inserts_and_updates_from_its_output()
    {
        var batch = TSqlParsing.Parse(Statements["target: merge every type, site column in the key"]);

        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(batch)).MergeSpecification;
        Assert.Equal("@actions", Assert.IsType<VariableTableReference>(merge.OutputIntoClause.IntoTable).Variable.Name);
        Assert.Single(TSqlParsing.All<DeclareTableVariableStatement>(batch));
        Assert.IsType<SelectStatement>(TSqlParsing.All<TSqlStatement>(batch).Last(s => s is SelectStatement or MergeStatement));
    }

    [Fact]
    public void Staging_table_takes_the_targets_types_and_collations_and_accepts_nulls()
    {
        var create = Assert.Single(TSqlParsing.All<CreateTableStatement>(TSqlParsing.Parse(Statements["target: create staging of every type"])));

        Assert.Equal(SqlServerSql.StageTable, create.SchemaObjectName.BaseIdentifier.Value);
        var columns = create.Definition.ColumnDefinitions.ToDictionary(c => c.ColumnIdentifier.Value);
        Assert.Equal(TargetEveryType.Select(c => c.Name), create.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        Assert.Equal("French_CS_AS", columns["code"].Collation.Value);
        Assert.Equal("Latin1_General_100_CI_AS_SC_UTF8", columns["label"].Collation.Value);
        Assert.Null(columns["id"].Collation);
        Assert.Equal(SqlDataTypeOption.SmallInt, ((SqlDataTypeReference)columns["tiny"].DataType).SqlDataTypeOption);
        Assert.Equal(SqlDataTypeOption.VarChar, ((SqlDataTypeReference)columns["legacy_text"].DataType).SqlDataTypeOption);
        Assert.Equal(SqlDataTypeOption.NVarChar, ((SqlDataTypeReference)columns["document"].DataType).SqlDataTypeOption);
        Assert.Equal(SqlDataTypeOption.VarBinary, ((SqlDataTypeReference)columns["picture"].DataType).SqlDataTypeOption);
        Assert.All(create.Definition.ColumnDefinitions, c =>
        {
            Assert.Null(c.IdentityOptions);
            Assert.True(Assert.IsType<NullableConstraintDefinition>(Assert.Single(c.Constraints)).Nullable);
        });

        var identity = Assert.Single(TSqlParsing.All<CreateTableStatement>(TSqlParsing.Parse(Statements["target: create staging with an identity column"])));
        Assert.All(identity.Definition.ColumnDefinitions, c => Assert.Null(c.IdentityOptions));
    }

    [Theory]
    [InlineData("source: timestamp range, lower bound inclusive", "changed", ">=")]
    [InlineData("source: sequence range, lower bound exclusive", "id", ">")]
    [InlineData("source: range without a lower bound", "created", null)]
    public void Range_reads_compare_the_change_column_itself_with_parameters(string statement, string column, string? lower)
    {
        var where = Assert.Single(TSqlParsing.All<WhereClause>(TSqlParsing.Parse(Statements[statement])));

        Assert.Empty(TSqlParsing.Literals(where));
        var comparisons = TSqlParsing.All<BooleanComparisonExpression>(where);
        Assert.All(comparisons, c => Assert.Equal(column, TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(c.FirstExpression))));
        Assert.Contains(comparisons, c => c.ComparisonType == BooleanComparisonType.LessThanOrEqualTo && ((VariableReference)c.SecondExpression).Name == "@to");
        if (lower is null)
        {
            Assert.Single(comparisons);
        }
        else
        {
            var type = lower == ">=" ? BooleanComparisonType.GreaterThanOrEqualTo : BooleanComparisonType.GreaterThan;
            Assert.Contains(comparisons, c => c.ComparisonType == type && ((VariableReference)c.SecondExpression).Name == "@from");
        }
    }

    [Fact]
    public void Rowversion_range_converts_the_bigint_bounds_to_binary_and_leaves_the_column_alone()
    {
        var where = Assert.Single(TSqlParsing.All<WhereClause>(TSqlParsing.Parse(Statements["source: rowversion range"])));

        var comparisons = TSqlParsing.All<BooleanComparisonExpression>(where);
        Assert.Equal(2, comparisons.Count);
        Assert.All(comparisons, c =>
        {
            Assert.Equal("rv", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(c.FirstExpression)));
            var cast = Assert.IsType<CastCall>(c.SecondExpression);
            Assert.IsType<VariableReference>(cast.Parameter);
            Assert.Equal(SqlDataTypeOption.Binary, ((SqlDataTypeReference)cast.DataType).SqlDataTypeOption);
        });
        Assert.Equal(["@from", "@to"], TSqlParsing.Variables(where).Order());
    }

    [Theory]
    [InlineData("source: changed rows, composite key", "orders", new[] { "site_id", "id" })]
    [InlineData("source: changed rows, single key", "articles", new[] { "id" })]
    public void Changed_rows_are_read_from_the_table_joined_to_changetable_on_the_primary_key(string statement, string table, string[] key)
    {
        var fragment = TSqlParsing.Parse(Statements[statement]);

        var changes = Assert.Single(TSqlParsing.All<ChangeTableChangesTableReference>(fragment));
        Assert.Equal(table, changes.Target.BaseIdentifier.Value);
        Assert.Equal("@from", Assert.IsType<VariableReference>(changes.SinceVersion).Name);
        var join = Assert.Single(TSqlParsing.All<QualifiedJoin>(fragment));
        Assert.Equal(key.Select(k => $"t.{k} = ct.{k}").Order(), TSqlParsing.ColumnEqualities(join.SearchCondition).Order());
        Assert.Equal(["I", "U"], TSqlParsing.Literals(fragment).Select(l => l.Value).Order());
        Assert.Contains("@to", TSqlParsing.Variables(fragment));
    }

    [Fact]
    public void Deleted_keys_are_read_from_changetable_only()
    {
        var fragment = TSqlParsing.Parse(Statements["source: deleted keys, composite key"]);

        Assert.Single(TSqlParsing.All<ChangeTableChangesTableReference>(fragment));
        Assert.Empty(TSqlParsing.All<QualifiedJoin>(fragment));
        Assert.Equal(["ct.site_id", "ct.id"], TSqlParsing.All<SelectScalarExpression>(fragment).Select(s => TSqlParsing.Name((ColumnReferenceExpression)s.Expression)));
        Assert.Equal(["D"], TSqlParsing.Literals(fragment).Select(l => l.Value));
    }

    [Fact]
    public void Tinyint_and_rowversion_columns_are_read_as_the_types_their_getters_expect()
    {
        var fragment = TSqlParsing.Parse(Statements["source: all rows of every type"]);

        var selected = TSqlParsing.All<SelectScalarExpression>(fragment);
        Assert.Equal(SourceEveryType.Length, selected.Count);
        var casts = selected.Where(s => s.Expression is CastCall).ToDictionary(s => s.ColumnName.Value, s => ((SqlDataTypeReference)((CastCall)s.Expression).DataType).SqlDataTypeOption);
        Assert.Equal(SqlDataTypeOption.SmallInt, casts["tiny"]);
        Assert.Equal(SqlDataTypeOption.BigInt, casts["rv"]);
        Assert.Equal(2, casts.Count);
    }

    [Fact]
    public void Ledger_rows_are_written_from_parameters_only()
    {
        var insert = Assert.Single(TSqlParsing.All<InsertStatement>(TSqlParsing.Parse(SqlServerLedgerSql.Insert)));

        var values = Assert.Single(Assert.IsType<ValuesInsertSource>(insert.InsertSpecification.InsertSource).RowValues).ColumnValues;
        Assert.Equal(8, values.Count);
        Assert.All(values, v => Assert.IsType<VariableReference>(v));
        Assert.Equal("syncfiles_ledger", ((NamedTableReference)insert.InsertSpecification.Target).SchemaObject.BaseIdentifier.Value);
    }

    [Fact]
    public void Ledger_table_is_created_only_when_missing_with_site_and_sequence_as_key()
    {
        var fragment = TSqlParsing.Parse(SqlServerLedgerSql.Create);

        Assert.Single(TSqlParsing.All<IfStatement>(fragment));
        var create = Assert.Single(TSqlParsing.All<CreateTableStatement>(fragment));
        Assert.Equal("dbo", create.SchemaObjectName.SchemaIdentifier.Value);
        var key = Assert.Single(create.Definition.TableConstraints.OfType<UniqueConstraintDefinition>(), c => c.IsPrimaryKey);
        Assert.Equal(["site_id", "sequence"], key.Columns.Select(c => TSqlParsing.Name(c.Column)));
    }

    [Fact]
    public void Table_state_is_created_only_when_missing_beside_the_ledger_with_site_and_table_as_key()
    {
        var fragment = TSqlParsing.Parse(SqlServerLedgerSql.CreateTableState);

        var condition = Assert.Single(TSqlParsing.All<IfStatement>(fragment)).Predicate;
        Assert.Contains("dbo.syncfiles_table_state", TSqlParsing.Literals(condition).Select(l => l.Value));
        var create = Assert.Single(TSqlParsing.All<CreateTableStatement>(fragment));
        Assert.Equal("dbo", create.SchemaObjectName.SchemaIdentifier.Value);
        Assert.Equal("syncfiles_table_state", create.SchemaObjectName.BaseIdentifier.Value);
        Assert.Equal(["site_id", "table_name", "sha256", "sequence", "applied_utc"], create.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        var key = Assert.Single(create.Definition.TableConstraints.OfType<UniqueConstraintDefinition>(), c => c.IsPrimaryKey);
        Assert.Equal(["site_id", "table_name"], key.Columns.Select(c => TSqlParsing.Name(c.Column)));
        Assert.DoesNotContain("syncfiles_ledger", SqlServerLedgerSql.CreateTableState, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_state_is_written_from_parameters_only_and_only_for_the_given_site_and_table()
    {
        var fragment = TSqlParsing.Parse(SqlServerLedgerSql.UpsertTableState);

        var update = Assert.Single(TSqlParsing.All<UpdateStatement>(fragment)).UpdateSpecification;
        Assert.Equal("syncfiles_table_state", ((NamedTableReference)update.Target).SchemaObject.BaseIdentifier.Value);
        Assert.All(update.SetClauses.Cast<AssignmentSetClause>(), c => Assert.IsType<VariableReference>(c.NewValue));
        Assert.Equal(["sha256", "sequence", "applied_utc"], update.SetClauses.Cast<AssignmentSetClause>().Select(c => TSqlParsing.Name(c.Column)));
        Assert.Equal(["@site", "@table"], TSqlParsing.Variables(update.WhereClause).Order(StringComparer.Ordinal));
        var insert = Assert.Single(TSqlParsing.All<InsertStatement>(fragment)).InsertSpecification;
        Assert.Equal("syncfiles_table_state", ((NamedTableReference)insert.Target).SchemaObject.BaseIdentifier.Value);
        var values = Assert.Single(Assert.IsType<ValuesInsertSource>(insert.InsertSource).RowValues).ColumnValues;
        Assert.Equal(["@site", "@table", "@sha256", "@sequence", "@applied"], values.Select(v => Assert.IsType<VariableReference>(v).Name));
        Assert.Empty(TSqlParsing.Literals(insert));

        var delete = Assert.Single(TSqlParsing.All<DeleteStatement>(TSqlParsing.Parse(SqlServerLedgerSql.DeleteTableState))).DeleteSpecification;
        Assert.Equal("syncfiles_table_state", ((NamedTableReference)delete.Target).SchemaObject.BaseIdentifier.Value);
        Assert.Equal(["@site", "@table"], TSqlParsing.Variables(delete.WhereClause).Order(StringComparer.Ordinal));
        Assert.Equal(["@site"], TSqlParsing.Variables(TSqlParsing.Parse(SqlServerLedgerSql.TableStates)).ToList());
    }

    [Fact]
    public void Site_lock_is_a_transaction_owned_applock_on_a_resource_passed_as_a_parameter()
    {
        var execute = Assert.Single(TSqlParsing.All<ExecuteStatement>(TSqlParsing.Parse(SqlServerLedgerSql.AcquireSiteLock))).ExecuteSpecification;

        Assert.Equal("@result", execute.Variable.Name);
        var procedure = Assert.IsType<ExecutableProcedureReference>(execute.ExecutableEntity);
        Assert.Equal("sp_getapplock", procedure.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value);
        var parameters = procedure.Parameters.ToDictionary(p => p.Variable.Name, p => p.ParameterValue, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("@resource", Assert.IsType<VariableReference>(parameters["@Resource"]).Name);
        Assert.Equal("@timeout", Assert.IsType<VariableReference>(parameters["@LockTimeout"]).Name);
        Assert.Equal("Exclusive", Assert.IsType<StringLiteral>(parameters["@LockMode"]).Value);
        Assert.Equal("Transaction", Assert.IsType<StringLiteral>(parameters["@LockOwner"]).Value);
        Assert.Equal("syncfiles:site:AG01", SqlServerLedgerSql.SiteLockResource("AG01"));
    }

    [Fact]
    public void Mirror_delete_keeps_to_the_sites_rows_and_deletes_what_is_not_staged()
    {
        var withSite = TSqlParsing.Parse(Statements["target: mirror delete with a site column"]);
        var delete = Assert.Single(TSqlParsing.All<DeleteStatement>(withSite));
        Assert.Equal(["@site"], TSqlParsing.Variables(withSite));
        Assert.Equal(["1"], TSqlParsing.Literals(delete).Select(l => l.Value)); // SELECT 1 inside NOT EXISTS
        var notExists = Assert.Single(TSqlParsing.All<BooleanNotExpression>(delete));
        Assert.IsType<ExistsPredicate>(notExists.Expression);
        Assert.Equal(ArticleTagsKey.Select(k => $"s.{k} = t.{k}").Order(), TSqlParsing.ColumnEqualities(notExists).Order());

        var withoutSite = TSqlParsing.Parse(Statements["target: mirror delete without a site column"]);
        Assert.Empty(TSqlParsing.Variables(withoutSite));
        Assert.Single(TSqlParsing.All<BooleanNotExpression>(withoutSite));
    }

    [Fact]
    public void Tombstone_delete_matches_every_key_column_including_the_site()
    {
        var fragment = TSqlParsing.Parse(Statements["target: delete tombstones, composite key"]);

        var delete = Assert.Single(TSqlParsing.All<DeleteStatement>(fragment));
        Assert.Empty(TSqlParsing.All<BooleanNotExpression>(delete));
        Assert.Equal(OrdersKey.Select(k => $"s.{k} = t.{k}").Order(), TSqlParsing.ColumnEqualities(delete).Order());
        Assert.Contains(SqlServerSql.TombstoneTable, Statements["target: delete tombstones, composite key"], StringComparison.Ordinal);
        Assert.Equal(["1"], TSqlParsing.Literals(delete).Select(l => l.Value)); // SELECT 1 inside EXISTS
    }

    [Theory]
    [InlineData("source: all rows of the types read as text", "", "org.")]
    [InlineData("source: changed rows, hierarchyid key", "t.", "t.")]
    public void Types_without_a_portable_equivalent_are_read_as_sql_servers_own_text(string statement, string prefix, string instance)
    {
        var fragment = TSqlParsing.Parse(Statements[statement]);

        // Each column under its own name: aliased when converted, itself otherwise.
        var selected = TSqlParsing.All<SelectScalarExpression>(fragment)
            .ToDictionary(s => s.ColumnName?.Value ?? ((ColumnReferenceExpression)s.Expression).MultiPartIdentifier.Identifiers[^1].Value);
        Assert.Equal(NativeText.Select(c => c.Name), selected.Keys);

        var xml = Assert.IsType<ConvertCall>(selected["document"].Expression);
        Assert.Equal(SqlDataTypeOption.NVarChar, ((SqlDataTypeReference)xml.DataType).SqlDataTypeOption);
        Assert.Equal("MAX", Assert.Single(((SqlDataTypeReference)xml.DataType).Parameters).Value, ignoreCase: true);
        Assert.Equal(prefix + "document", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(xml.Parameter)));

        var node = Assert.IsType<FunctionCall>(selected["node"].Expression);
        Assert.Equal("ToString", node.FunctionName.Value);
        Assert.Equal(instance + "node", string.Join(".", Assert.IsType<MultiPartIdentifierCallTarget>(node.CallTarget).MultiPartIdentifier.Identifiers.Select(i => i.Value)));

        foreach (var spatial in new[] { "place", "shape" })
        {
            // N'SRID=' + CAST(t.c.STSrid AS nvarchar(11)) + N';' + t.c.ToString(): the SRID survives, and ToString keeps Z and M;
            // the column is qualified, so a table named like the column cannot take the property for a column.
            var text = selected[spatial].Expression;
            Assert.Equal(["SRID=", ";"], TSqlParsing.Literals(text).Select(l => l.Value));
            var call = Assert.Single(TSqlParsing.All<FunctionCall>(text));
            Assert.Equal("ToString", call.FunctionName.Value);
            Assert.Equal(instance + spatial, string.Join(".", Assert.IsType<MultiPartIdentifierCallTarget>(call.CallTarget).MultiPartIdentifier.Identifiers.Select(i => i.Value)));
            Assert.Contains(TSqlParsing.All<ColumnReferenceExpression>(text), c => TSqlParsing.Name(c) == instance + spatial + ".STSrid");
        }

        Assert.Equal(prefix + "price", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(selected["price"].Expression)));
        Assert.Equal(prefix + "stamped", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(selected["stamped"].Expression)));
    }

    [Fact]
    public void A_spatial_column_named_like_its_table_is_called_through_the_table_name()
    {
        var fragment = TSqlParsing.Parse(Statements["source: a spatial column named like its table"]);

        Assert.Equal(["place.place.STSrid"], TSqlParsing.All<ColumnReferenceExpression>(fragment).Select(TSqlParsing.Name));
    }

    [Fact]
    public void A_deleted_hierarchyid_key_is_read_as_its_path()
    {
        var fragment = TSqlParsing.Parse(Statements["source: deleted keys, hierarchyid key"]);

        var key = Assert.Single(TSqlParsing.All<SelectScalarExpression>(fragment));
        Assert.Equal("node", key.ColumnName.Value);
        Assert.Equal("ToString", Assert.IsType<FunctionCall>(key.Expression).FunctionName.Value);
    }

    [Fact]
    public void Types_written_from_text_are_staged_as_nvarchar_max()
    {
        var create = Assert.Single(TSqlParsing.All<CreateTableStatement>(TSqlParsing.Parse(Statements["target: create staging of the types written from text"])));

        var columns = create.Definition.ColumnDefinitions.ToDictionary(c => c.ColumnIdentifier.Value, c => (SqlDataTypeReference)c.DataType);
        foreach (var column in new[] { "node", "document", "place", "shape" })
        {
            Assert.Equal(SqlDataTypeOption.NVarChar, columns[column].SqlDataTypeOption);
            Assert.Equal("MAX", Assert.Single(columns[column].Parameters).Value, ignoreCase: true);
        }

        Assert.Equal(SqlDataTypeOption.Money, columns["price"].SqlDataTypeOption);
        Assert.Equal(SqlDataTypeOption.DateTimeOffset, columns["stamped"].SqlDataTypeOption);
    }

    [Fact]
    public void Merge_turns_staged_text_back_with_the_targets_own_input_conversion()
    {
        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(TSqlParsing.Parse(Statements["target: merge of the types written from text, hierarchyid key"]))).MergeSpecification;
        var insert = Assert.IsType<InsertMergeAction>(Assert.Single(merge.ActionClauses, a => a.Condition == MergeCondition.NotMatchedByTarget).Action);
        var values = insert.Columns.Select(c => TSqlParsing.Name(c))
            .Zip(Assert.Single(Assert.IsType<ValuesInsertSource>(insert.Source).RowValues).ColumnValues)
            .ToDictionary(p => p.First, p => p.Second);

        // xml: CONVERT(xml, s.document, 1), style 1 keeping whitespace-only text nodes.
        var xml = Assert.IsType<ConvertCall>(values["document"]);
        Assert.IsType<XmlDataTypeReference>(xml.DataType);
        Assert.Equal("1", Assert.IsType<IntegerLiteral>(xml.Style).Value);

        // hierarchyid::Parse(s.node), in the insert and in the key match.
        AssertStaticCall(values["node"], "hierarchyid", "Parse", "s.node");
        var on = Assert.IsType<BooleanComparisonExpression>(merge.SearchCondition);
        Assert.Equal("t.node", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(on.FirstExpression)));
        AssertStaticCall(on.SecondExpression, "hierarchyid", "Parse", "s.node");

        // Spatial: STGeomFromText in the SRID the text names, Parse for plain WKT.
        foreach (var (column, type) in new[] { ("place", "geography"), ("shape", "geometry") })
        {
            var parse = Assert.IsType<SearchedCaseExpression>(values[column]);
            Assert.Equal(2, parse.WhenClauses.Count);
            Assert.IsType<NullLiteral>(parse.WhenClauses[0].ThenExpression);
            AssertStaticCall(parse.WhenClauses[1].ThenExpression, type, "STGeomFromText", "s." + column);
            AssertStaticCall(parse.ElseExpression, type, "Parse", "s." + column);
        }

        Assert.IsType<ColumnReferenceExpression>(values["price"]);
        Assert.IsType<ColumnReferenceExpression>(values["stamped"]);

        // Changes are found by comparing converted values: xml as its serialisation, spatial types as their bytes.
        var matched = Assert.Single(merge.ActionClauses, a => a.Condition == MergeCondition.Matched);
        var update = Assert.IsType<UpdateMergeAction>(matched.Action).SetClauses.Cast<AssignmentSetClause>().ToDictionary(c => TSqlParsing.Name(c.Column), c => c.NewValue);
        Assert.Equal(["document", "place", "shape", "price", "stamped"], update.Keys);
        Assert.IsType<ConvertCall>(update["document"]);
        Assert.IsType<SearchedCaseExpression>(update["place"]);
        var compared = TSqlParsing.All<CastCall>(matched.SearchCondition).Where(c => ((SqlDataTypeReference)c.DataType).SqlDataTypeOption == SqlDataTypeOption.VarBinary).ToList();
        Assert.Equal(6, compared.Count); // document, place, shape: on each side
        Assert.Equal(3, compared.Count(c => TSqlParsing.All<ColumnReferenceExpression>(c).Any(r => TSqlParsing.Name(r).StartsWith("s.", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("target: mirror delete, hierarchyid key")]
    [InlineData("target: delete tombstones, hierarchyid key")]
    public void Deletes_match_a_hierarchyid_key_parsed_from_its_staged_text(string statement)
    {
        var delete = Assert.Single(TSqlParsing.All<DeleteStatement>(TSqlParsing.Parse(Statements[statement])));

        var match = Assert.Single(TSqlParsing.All<BooleanComparisonExpression>(delete));
        AssertStaticCall(match.FirstExpression, "hierarchyid", "Parse", "s.node");
        Assert.Equal("t.node", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(match.SecondExpression)));
    }

    /// <summary><paramref name="expression"/> is <c>type::method(...)</c> reading <paramref name="column"/>.</summary>
    private static void AssertStaticCall(ScalarExpression expression, string type, string method, string column)
    {
        var call = Assert.IsType<FunctionCall>(expression);
        Assert.Equal(method, call.FunctionName.Value);
        Assert.Equal(type, Assert.IsType<UserDefinedTypeCallTarget>(call.CallTarget).SchemaObjectName.BaseIdentifier.Value);
        Assert.All(TSqlParsing.All<ColumnReferenceExpression>(call), c => Assert.Equal(column, TSqlParsing.Name(c)));
    }

    public static TheoryData<string> HostileCases => new(HostileBuilders.Keys);

    private static readonly Dictionary<string, Func<string>> HostileBuilders = new(StringComparer.Ordinal)
    {
        ["max: table"] = () => SqlServerSql.Max(Hostile, "id"),
        ["max: column"] = () => SqlServerSql.Max("orders", Hostile),
        ["rows: table"] = () => SqlServerSql.SelectRows(Hostile, Articles),
        ["rows: column"] = () => SqlServerSql.SelectRows("orders", [new SqlServerCatalogColumn(Hostile, "int")]),
        ["range: change column"] = () => SqlServerSql.SelectRowsInRange("orders", SourceEveryType, Hostile, hasFrom: true, fromInclusive: true),
        ["rowversion range: column"] = () => SqlServerSql.SelectRowsInRowversionRange("orders", SourceEveryType, Hostile, hasFrom: true, fromInclusive: false),
        ["changed rows: table"] = () => SqlServerSql.SelectChangedRows(Hostile, Articles, ArticlesKey),
        ["changed rows: key"] = () => SqlServerSql.SelectChangedRows("articles", Articles, [Hostile]),
        ["deleted keys: table"] = () => SqlServerSql.SelectDeletedKeys(Hostile, [Articles[0]]),
        ["staging: column"] = () => SqlServerSql.CreateStaging(SqlServerSql.StageTable, "orders", [new SqlServerCatalogColumn(Hostile, "int")]),
        ["staging: collation"] = () => SqlServerSql.CreateStaging(SqlServerSql.StageTable, "orders", [new SqlServerCatalogColumn("name", "nvarchar", MaxLength: 20, Collation: "Latin1_General_CI_AS; DROP TABLE y--")]),
        ["merge: table"] = () => SqlServerSql.Merge(SqlServerSql.StageTable, Hostile, Articles, ArticlesKey),
        ["merge: column"] = () => SqlServerSql.Merge(SqlServerSql.StageTable, "articles", [.. Articles, new SqlServerCatalogColumn(Hostile, "int")], ArticlesKey),
        ["mirror delete: table"] = () => SqlServerSql.MirrorDelete(SqlServerSql.StageTable, Hostile, [Articles[0]], null),
        ["mirror delete: site column"] = () => SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "articles", [Articles[0]], Hostile),
        ["mirror delete: key"] = () => SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "articles", [new SqlServerCatalogColumn(Hostile, "int")], null),
        ["tombstone delete: key"] = () => SqlServerSql.DeleteStaged(SqlServerSql.TombstoneTable, "articles", [new SqlServerCatalogColumn(Hostile, "int")]),
        ["merge: hierarchyid key"] = () => SqlServerSql.Merge(SqlServerSql.StageTable, "org", [new SqlServerCatalogColumn(Hostile, "hierarchyid"), NativeText[1]], [Hostile]),
        ["rows: spatial column"] = () => SqlServerSql.SelectRows("org", [new SqlServerCatalogColumn(Hostile, "geography")]),
        ["identity insert: table"] = () => SqlServerSql.IdentityInsert(Hostile, on: true),
        ["foreign key orphan: parent"] = () => SqlServerSql.ForeignKeyOrphan(SqlServerSql.StageTable, ["customer_id"], Hostile, ["id"], selfReference: false),
        ["foreign key orphan: column"] = () => SqlServerSql.ForeignKeyOrphan(SqlServerSql.StageTable, [Hostile], "customer", ["id"], selfReference: true),
    };

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void A_hostile_name_is_refused_before_any_sql_is_written(string builder)
    {
        var error = Assert.Throws<SyncFilesException>(() => HostileBuilders[builder]());

        Assert.StartsWith("Invalid ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_providers_own_staging_tables_can_be_named()
    {
        Assert.Throws<ArgumentException>(() => SqlServerSql.DropTemporary("#other; DROP TABLE y"));
        Assert.Throws<ArgumentException>(() => SqlServerSql.CreateStaging("orders", "orders", Articles));
    }
}
