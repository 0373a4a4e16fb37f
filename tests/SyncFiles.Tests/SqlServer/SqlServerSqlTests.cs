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
        ["catalog: describe columns of tables and views"] = SqlServerSql.DescribeColumns(includeViews: true),
        ["catalog: describe columns of tables"] = SqlServerSql.DescribeColumns(includeViews: false),
        ["catalog: primary key"] = SqlServerSql.PrimaryKey,
        ["catalog: unique keys"] = SqlServerSql.UniqueKeys,
        ["catalog: is indexed"] = SqlServerSql.IsIndexed,
        ["catalog: resolve a table name without case"] = SqlServerSql.ResolveTable,
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
        ["target: mirror delete with a site column"] = SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "article_tags", ArticleTagsKey, "site_id"),
        ["target: mirror delete without a site column"] = SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "articles", ArticlesKey, null),
        ["target: delete tombstones, composite key"] = SqlServerSql.DeleteStaged(SqlServerSql.TombstoneTable, "orders", OrdersKey),
        ["target: delete tombstones, single key"] = SqlServerSql.DeleteStaged(SqlServerSql.TombstoneTable, "articles", ArticlesKey),
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

    [Theory]
    [MemberData(nameof(Merges))]
    public void Merge_takes_every_value_from_the_staging_table_never_from_literals(string table, string statement, string[] key)
    {
        var merge = Assert.Single(TSqlParsing.All<MergeStatement>(TSqlParsing.Parse(Statements[statement])));

        Assert.Empty(TSqlParsing.Literals(merge));
        var insert = Assert.Single(TSqlParsing.All<InsertMergeAction>(merge));
        var values = Assert.Single(Assert.IsType<ValuesInsertSource>(insert.Source).RowValues).ColumnValues;
        Assert.All(values, v => Assert.StartsWith("s.", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(v)), StringComparison.Ordinal));
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
        ["mirror delete: table"] = () => SqlServerSql.MirrorDelete(SqlServerSql.StageTable, Hostile, ArticlesKey, null),
        ["mirror delete: site column"] = () => SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "articles", ArticlesKey, Hostile),
        ["mirror delete: key"] = () => SqlServerSql.MirrorDelete(SqlServerSql.StageTable, "articles", [Hostile], null),
        ["tombstone delete: key"] = () => SqlServerSql.DeleteStaged(SqlServerSql.TombstoneTable, "articles", [Hostile]),
        ["identity insert: table"] = () => SqlServerSql.IdentityInsert(Hostile, on: true),
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
