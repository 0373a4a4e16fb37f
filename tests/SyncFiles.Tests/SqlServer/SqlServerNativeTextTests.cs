using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.SqlServer;

/// <summary>
/// SQL Server to SQL Server with the types that have no portable equivalent (xml, hierarchyid,
/// geography, geometry: they travel as SQL Server's own text) beside money, smallmoney,
/// datetimeoffset and an alias type. Source and head office are compared with SQL Server's own
/// forms: the native bytes of hierarchyid and the spatial types (SRID included), the xml's
/// serialisation. Runs only with SYNCFILES_TEST_SQLSERVER.
/// </summary>
public sealed class SqlServerNativeTextTests
{
    private const string Columns = """
        node hierarchyid NOT NULL,
        doc xml NULL,
        place geography NULL,
        shape geometry NULL,
        price money NULL,
        petty smallmoney NULL,
        stamped datetimeoffset(7) NULL,
        phone dbo.phone NULL
        """;

    private const string Rows = """
        INSERT INTO org (node, doc, place, shape, price, petty, stamped, phone) VALUES
          (hierarchyid::GetRoot(), N'<a x="1"><b>é &amp; 😀 &lt;</b>  <c/></a>',
           geography::STGeomFromText('POINT(-122.34900000000001 47.651 10 5)', 4326),
           geometry::STGeomFromText('POLYGON((0 0, 3 0, 3 3, 0 3, 0 0))', 27700),
           922337203685477.5807, -214748.3648, '0001-01-01T00:00:00+14:00', N'+33 1 23 45'),
          (hierarchyid::Parse('/1/'), CONVERT(xml, N'<a>  <b/>  </a>', 1),
           geography::Parse('LINESTRING(-122.360 47.656, -122.343 47.656)'),
           geometry::STGeomFromText('POINT(0.1 0.2)', 0),
           -922337203685477.5808, 214748.3647, '9999-12-31T23:59:59.9999999-14:00', NULL),
          (hierarchyid::Parse('/1/2.5/'), NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (hierarchyid::Parse('/2/'), N'text only, no element',
           geography::STGeomFromText('GEOMETRYCOLLECTION EMPTY', 4326),
           geometry::STGeomFromText('POINT(1 2 3 4)', 0),
           0, 0, '2026-12-05T21:00:00.1234567+05:30', N'');
        """;

    // Compared as SQL Server holds them: hierarchyid and spatial values as their native bytes, and
    // each datetimeoffset's own offset beside its instant.
    private const string Compared = """
        SELECT node.ToString(), CAST(node AS varbinary(892)), CONVERT(nvarchar(max), doc),
               CAST(place AS varbinary(max)), CAST(shape AS varbinary(max)), place.STSrid, shape.STSrid,
               price, petty, stamped, DATEPART(TZOFFSET, stamped), phone
        FROM org ORDER BY node
        """;

    private static readonly object[] SiteTables = [new { name = "org", kind = "reference" }];

    private static readonly object[] ServerTables = [new { name = "org", siteColumn = "agence" }];

    [Fact]
    public async Task Xml_hierarchyid_spatial_money_and_datetimeoffset_arrive_unchanged_and_unchanged_rows_stay_unchanged()
    {
        using var sync = NewShop();
        sync.Source.Execute(Rows);

        sync.Deliver(await sync.ExportOkAsync());
        var first = await sync.ImportAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        var expected = sync.Source.QueryCanonical(Compared);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, sync.Target.QueryCanonical(Compared));

        // The same rows again: every converted value compares equal to what is stored.
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(0 inserted, 0 updated, 4 unchanged)", second.Output, StringComparison.Ordinal);

        // A change in each kind of value is a change.
        sync.Source.Execute("""
            UPDATE org SET doc = N'<a x="2"/>' WHERE node = hierarchyid::GetRoot();
            UPDATE org SET place = geography::STGeomFromText('POINT(2 1)', 4269) WHERE node = hierarchyid::Parse('/1/');
            UPDATE org SET shape = geometry::STGeomFromText('POINT(1 2 3 4)', 3857) WHERE node = hierarchyid::Parse('/2/');
            """);
        sync.Deliver(await sync.ExportOkAsync());
        var third = await sync.ImportAsync();
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("(0 inserted, 3 updated, 1 unchanged)", third.Output, StringComparison.Ordinal);
        Assert.Equal(sync.Source.QueryCanonical(Compared), sync.Target.QueryCanonical(Compared));
    }

    [Theory]
    [InlineData("doc", "<a><b></a>")]
    [InlineData("node", "/x/")]
    [InlineData("place", "SRID=4326;POINT(1)")]
    [InlineData("place", "SRID=abc;POINT(1 2)")]
    public async Task Text_the_target_cannot_convert_back_quarantines_the_bundle(string column, string text)
    {
        using var sync = new SyncFixture(new SqlServerTestDatabase(), new SqlServerTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute("CREATE TABLE org (node nvarchar(100) NOT NULL PRIMARY KEY, doc nvarchar(max) NULL, place nvarchar(max) NULL)");
        sync.Target.Execute("CREATE TABLE org (agence nvarchar(10) NOT NULL, node hierarchyid NOT NULL, doc xml NULL, place geography NULL, PRIMARY KEY (agence, node))");
        var values = new Dictionary<string, string> { ["node"] = "/1/", ["doc"] = "<ok/>", ["place"] = "POINT(1 2)" };
        values[column] = text;
        sync.Source.Execute($"INSERT INTO org VALUES (N'{values["node"]}', N'{values["doc"]}', N'{values["place"]}')");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Single(Directory.GetFiles(sync.Quarantine, "*.error.txt"));
        Assert.Equal(0, sync.Target.Count("org"));
    }

    [Fact]
    public void The_suites_own_t_sql_parses_so_a_server_run_fails_only_on_what_it_tests()
    {
        foreach (var sql in new[]
        {
            "CREATE TYPE dbo.phone FROM nvarchar(20) NULL",
            $"CREATE TABLE org ({Columns}, PRIMARY KEY (node))",
            $"CREATE TABLE org (agence nvarchar(10) NOT NULL, {Columns}, PRIMARY KEY (agence, node))",
            Rows,
            Compared,
        })
        {
            TSqlParsing.Parse(sql);
        }
    }

    private static SyncFixture NewShop()
    {
        var sync = new SyncFixture(new SqlServerTestDatabase(), new SqlServerTestDatabase(), SiteTables, ServerTables);
        foreach (var database in new[] { sync.Source, sync.Target })
        {
            // An alias type: read as its base type, nvarchar(20).
            database.Execute("CREATE TYPE dbo.phone FROM nvarchar(20) NULL");
        }

        sync.Source.Execute($"CREATE TABLE org ({Columns}, PRIMARY KEY (node))");
        sync.Target.Execute($"CREATE TABLE org (agence nvarchar(10) NOT NULL, {Columns}, PRIMARY KEY (agence, node))");
        return sync;
    }
}
