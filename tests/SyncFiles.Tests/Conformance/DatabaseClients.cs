using System.Diagnostics;
using Npgsql;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Conformance;

/// <summary>
/// The databases' own command-line clients, psql and sqlite3: the corpus is created with them
/// (each engine's own SQL, nothing of ours in between) and read back with them as text, so what
/// the conformance tests compare is what a person looking at either database would see.
/// </summary>
public static class DatabaseClients
{
    /// <summary>What both clients print for NULL, so that NULL and the empty string stay apart.</summary>
    public const string NullText = "<NULL>";

    // Rows end with a record separator rather than a line feed: values may hold line feeds.
    private const string RowSeparator = "\u001e";

    /// <summary>Runs a script with the engine's own client, stopping at its first error.</summary>
    public static void Execute(TestDatabase database, string script)
    {
        switch (database)
        {
            case SqliteTestDatabase sqlite:
                Run("sqlite3", ["-batch", "-bail", sqlite.Path], script, environment: null);
                break;
            case PostgresTestDatabase postgres:
                Run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1"], script, PsqlEnvironment(postgres));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "no client for this provider");
        }
    }

    /// <summary>
    /// The rows of a query as the client prints them: <c>psql -At -F '|'</c> or
    /// <c>sqlite3 -separator '|'</c>, split into fields (no corpus value holds a '|').
    /// </summary>
    public static List<string[]> Query(TestDatabase database, string select)
    {
        var output = database switch
        {
            SqliteTestDatabase sqlite => Run("sqlite3", ["-batch", "-bail", "-separator", "|", "-newline", RowSeparator, "-nullvalue", NullText, sqlite.Path, select], stdin: null, environment: null),
            PostgresTestDatabase postgres => Run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-F", "|", "-R", RowSeparator, "-P", "null=" + NullText, "-c", select], stdin: null, PsqlEnvironment(postgres)),
            _ => throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "no client for this provider"),
        };

        // psql ends its output with a line feed, sqlite3 with the row separator.
        if (database is PostgresTestDatabase && output.EndsWith('\n'))
        {
            output = output[..^1];
        }

        if (output.EndsWith(RowSeparator, StringComparison.Ordinal))
        {
            output = output[..^RowSeparator.Length];
        }

        return output.Length == 0 ? [] : output.Split(RowSeparator).Select(row => row.Split('|')).ToList();
    }

    // psql reads the connection from libpq's variables; the test's own schema comes first on the
    // search path, and both databases print time stamps with a time zone in UTC.
    private static Dictionary<string, string> PsqlEnvironment(PostgresTestDatabase database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host ?? "127.0.0.1",
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username ?? "postgres",
            ["PGDATABASE"] = builder.Database ?? "postgres",
            ["PGOPTIONS"] = $"-c search_path={builder.SearchPath}",
            ["PGTZ"] = "UTC",
            ["PGDATESTYLE"] = "ISO, YMD",
            ["PGCLIENTENCODING"] = "UTF8",
        };
        if (!string.IsNullOrEmpty(builder.Password))
        {
            environment["PGPASSWORD"] = builder.Password;
        }

        return environment;
    }

    private static string Run(string program, IEnumerable<string> arguments, string? stdin, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        if (stdin is not null)
        {
            start.StandardInputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            Assert.Fail($"{program} is not installed ({error.Message}); tests/run-all.sh installs it (apt-get install sqlite3 / postgresql-client).");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{program} did not finish within 60 s");
            }

            Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {errors.Result}\n--- script\n{stdin ?? string.Join(' ', arguments)}");
            return output.Result;
        }
    }
}
