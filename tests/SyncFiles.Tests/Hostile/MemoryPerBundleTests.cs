using System.Globalization;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// The importer's peak memory is bounded per row, whatever a bundle holds within the limits: the
/// real program runs as a child process on bundles of huge fields, and its peak resident set
/// (VmHWM in /proc/&lt;pid&gt;/status, sampled until it exits) must stay under the 150 MB the
/// project promises. Linux only.
/// </summary>
public sealed class MemoryPerBundleTests
{
    private const long PromisedPeakBytes = 150L * 1024 * 1024;

    [Fact]
    public async Task A_bundle_of_rows_with_four_fields_at_the_default_field_cap_is_applied_within_150_MB()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Peak memory is read from /proc.");

        // 24 rows of four fields of almost 1 MiB (records just under the default 4 MiB): 96 MiB of CSV.
        using var sync = WideTextShop(rows: 24, fieldChars: (1024 * 1024) - 64);
        sync.Deliver(await sync.ExportOkAsync());

        var (result, peak) = await ImportMeasuringPeakAsync(sync);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(24, sync.CentralCount("notes"));
        Assert.True(peak < PromisedPeakBytes, $"peak resident memory {peak / (1024 * 1024)} MiB, more than 150 MiB");
    }

    [Fact]
    public async Task A_bundle_of_eight_64_MB_records_is_refused_within_150_MB()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Peak memory is read from /proc.");

        // The security review's bundle: 8 rows x 4 fields of 16 MiB (64 MiB records), 512 MiB of CSV.
        using var sync = WideTextShop(rows: 8, fieldChars: 16 * 1024 * 1024);
        sync.Deliver(await sync.ExportOkAsync());

        var (result, peak) = await ImportMeasuringPeakAsync(sync);

        Assert.True(result.ExitCode == 3, $"peak resident memory {peak / (1024 * 1024)} MiB; {result}");
        Assert.Contains("table notes, line 2", result.Error + result.Output, StringComparison.Ordinal);
        Assert.Equal(0, sync.CentralCount("notes"));
        Assert.True(peak < PromisedPeakBytes, $"peak resident memory {peak / (1024 * 1024)} MiB, more than 150 MiB");
    }

    /// <summary>A site with one table of four text columns, each row's fields <paramref name="fieldChars"/> hex digits of random data (about 2:1 compressible).</summary>
    private static SyncFixture WideTextShop(int rows, int fieldChars)
    {
        var sync = SyncFixture.OnSqlite(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL, c TEXT NOT NULL, d TEXT NOT NULL);",
            "CREATE TABLE notes (agence VARCHAR(10) NOT NULL, id INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, c TEXT NOT NULL, d TEXT NOT NULL, PRIMARY KEY (agence, id));",
            [new { name = "notes", kind = "reference" }],
            [new { name = "notes", siteColumn = "agence" }]);
        var half = (fieldChars / 2).ToString(CultureInfo.InvariantCulture);
        sync.ExecuteSource(string.Create(CultureInfo.InvariantCulture, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
            INSERT INTO notes SELECT i, hex(randomblob({half})), hex(randomblob({half})), hex(randomblob({half})), hex(randomblob({half})) FROM n;
            """));
        return sync;
    }

    /// <summary>Runs <c>syncfiles-import run</c> as a child process and samples its peak resident set until it exits.</summary>
    private static async Task<(CliResult Result, long PeakBytes)> ImportMeasuringPeakAsync(SyncFixture sync)
    {
        using var import = ProgramProcess.Start("syncfiles-import", "run", "--config", sync.ServerConfigPath);
        var peak = 0L;
        var waiting = import.WaitAsync(TimeSpan.FromMinutes(5));
        while (!waiting.IsCompleted)
        {
            peak = Math.Max(peak, PeakResidentBytes(import.Id));
            await Task.WhenAny(waiting, Task.Delay(20));
        }

        return (await waiting, peak);
    }

    /// <summary>VmHWM of the process, in bytes; 0 once it is gone.</summary>
    private static long PeakResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process has exited between two samples: the last sample stands.
        }

        return 0;
    }
}
