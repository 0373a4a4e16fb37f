using System.Diagnostics;
using Npgsql;

namespace SyncFiles.Tests.Support;

/// <summary>
/// The databases' own command-line clients, <c>psql -At</c> and <c>sqlite3</c>, so a test can see
/// what was stored without going through any reader of ours.
/// </summary>
public static class DatabaseClients
{
    /// <summary>Output of <c>psql -At</c> for <paramref name="sql"/> in the test database's schema, session time zone UTC.</summary>
    public static string Psql(TestDatabase database, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList = { "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-c", sql },
            Environment = { ["PGOPTIONS"] = $"-c search_path={builder.SearchPath} -c TimeZone=UTC" },
        };
        if (builder.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        return Run(start);
    }

    /// <summary>Output of the <c>mariadb</c> client (tab-separated, no header) for <paramref name="sql"/> in the test database, session time zone UTC.</summary>
    public static string Mariadb(TestDatabase database, string sql)
    {
        var builder = new MySqlConnector.MySqlConnectionStringBuilder(database.ConnectionString);
        var start = new ProcessStartInfo("mariadb")
        {
            ArgumentList =
            {
                "--no-defaults", "--batch", "--skip-column-names", "-h", builder.Server, "-P", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-u", builder.UserID, "--default-character-set=utf8mb4", "--init-command=SET time_zone = '+00:00'", builder.Database, "-e", sql,
            },
            Environment = { ["MYSQL_PWD"] = builder.Password },
        };
        return Run(start);
    }

    /// <summary>Output of <c>sqlite3</c> (list mode, '|' between columns) for <paramref name="sql"/>.</summary>
    public static string Sqlite3(string path, string sql) => Run(new ProcessStartInfo("sqlite3") { ArgumentList = { path, sql } });

    private static string Run(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{start.FileName} failed: {error}");
            return output.Result.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip($"{start.FileName} is not installed; the test compares with the database's own client.");
            throw;
        }
    }
}
