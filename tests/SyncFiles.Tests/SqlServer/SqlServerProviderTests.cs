using Serilog;
using Serilog.Core;
using SyncFiles.Common;
using SyncFiles.Exporter.Export;
using SyncFiles.Importer.Import;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>What the provider does before it needs a server: registration, connection strings, error classification.</summary>
public sealed class SqlServerProviderTests
{
    private static readonly ILogger Log = Logger.None;

    [Fact]
    public void Both_programs_know_the_provider_as_sqlserver()
    {
        Assert.IsType<SqlServerSourceProvider>(SourceProviders.Get("sqlserver"));
        Assert.IsType<SqlServerTargetProvider>(TargetProviders.Get("SqlServer"));
    }

    [Theory]
    [InlineData("this is not a connection string")]
    [InlineData("Colour=blue")]
    [InlineData("Database=shop;Integrated Security=true")]
    [InlineData("Server=;Database=shop")]
    public async Task A_bad_connection_string_is_a_configuration_error_naming_the_role(string connectionString)
    {
        var source = await Assert.ThrowsAsync<ConfigurationException>(() =>
            new SqlServerSourceProvider().OpenSnapshotAsync(connectionString, ".", Log, TestContext.Current.CancellationToken));
        var target = await Assert.ThrowsAsync<ConfigurationException>(() =>
            new SqlServerTargetProvider().OpenAsync(connectionString, ".", Log, TestContext.Current.CancellationToken));

        Assert.Contains("source connection string", source.Message, StringComparison.Ordinal);
        Assert.Contains("target connection string", target.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_be_opened_is_reported_with_its_name()
    {
        // Nothing listens on port 1. Under .NET's globalization-invariant mode SqlClient refuses
        // before connecting; either way the operator gets the server's name and a reason.
        var error = await Assert.ThrowsAsync<SyncFilesException>(() => new SqlServerTargetProvider().OpenAsync(
            "Server=tcp:127.0.0.1,1;Database=central;Connect Timeout=2;Encrypt=False", ".", Log, TestContext.Current.CancellationToken));

        Assert.IsNotType<ConfigurationException>(error);
        Assert.Contains("tcp:127.0.0.1,1 (database central)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_sql_server_errors_caused_by_the_data_reject_a_bundle()
    {
        var provider = new SqlServerTargetProvider();

        Assert.False(provider.IsRejectedData(new InvalidOperationException("The given value of type String cannot be converted")));
        Assert.False(provider.IsRejectedData(new TimeoutException()));
        Assert.Subset(SqlServerTargetProvider.RejectedDataErrors.ToHashSet(), new HashSet<int> { 2627, 2601, 515, 547, 8152, 2628, 8115, 242, 245, 8114 });
        Assert.DoesNotContain(1205, (IReadOnlySet<int>)SqlServerTargetProvider.RejectedDataErrors); // deadlock victim: try again
        Assert.DoesNotContain(-2, (IReadOnlySet<int>)SqlServerTargetProvider.RejectedDataErrors); // timeout
    }

    [Theory]
    [InlineData(9400, true)] // XML parsing: unexpected end of input
    [InlineData(9436, true)] // XML parsing: end tag does not match start tag
    [InlineData(6965, true)] // XML Validation against the column's schema collection
    [InlineData(6522, true)] // hierarchyid::Parse or geography::STGeomFromText refused the text
    [InlineData(245, true)]  // a SRID= prefix that is not a number
    [InlineData(1205, false)] // deadlock victim: try again
    [InlineData(9002, false)] // transaction log full: the next run can cure it
    public void Text_the_target_cannot_convert_back_rejects_the_bundle(int number, bool rejected)
    {
        Assert.Equal(rejected, SqlServerTargetProvider.IsRejectedDataError(number));
    }
}
