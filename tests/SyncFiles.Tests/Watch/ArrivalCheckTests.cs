using SyncFiles.Importer.Import;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Watch;

/// <summary>The copy-complete rule on real files: settled, recently written, growing, locked, and a late signature.</summary>
public sealed class ArrivalCheckTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private static string OldFile(TempDirectory directory, string name, int bytes = 1000)
    {
        var path = directory.Combine(name);
        File.WriteAllBytes(path, new byte[bytes]);
        MakeOld(path);
        return path;
    }

    private static void MakeOld(string path)
    {
        var past = DateTime.UtcNow.AddMinutes(-5);
        File.SetCreationTimeUtc(path, past);
        File.SetLastWriteTimeUtc(path, past);
    }

    [Fact]
    public void A_file_left_alone_for_longer_than_the_settle_time_has_settled()
    {
        using var directory = new TempDirectory();
        var path = OldFile(directory, "AG01-00000001.zip");
        var check = new ArrivalCheck(Settle, TimeProvider.System, rememberFirstSeen: false);

        var before = check.Observe(path);

        Assert.Null(check.StillArriving(path, before));
    }

    [Fact]
    public void A_file_written_moments_ago_may_still_be_arriving()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("AG01-00000001.zip");
        File.WriteAllBytes(path, new byte[1000]);
        var check = new ArrivalCheck(Settle, TimeProvider.System, rememberFirstSeen: false);

        var reason = check.StillArriving(path, check.Observe(path));

        Assert.NotNull(reason);
        Assert.Contains("less than the settle time of 10 s", reason, StringComparison.Ordinal);
        Assert.Null(new ArrivalCheck(TimeSpan.Zero, TimeProvider.System, rememberFirstSeen: false).StillArriving(path, null));
    }

    [Fact]
    public void A_file_that_grows_between_two_looks_is_still_arriving_even_with_old_times()
    {
        using var directory = new TempDirectory();
        var path = OldFile(directory, "AG01-00000001.zip");
        var check = new ArrivalCheck(Settle, TimeProvider.System, rememberFirstSeen: false);
        var before = check.Observe(path);

        using (var append = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            append.Write(new byte[500]);
        }

        MakeOld(path);
        var reason = check.StillArriving(path, before);

        Assert.NotNull(reason);
        Assert.Contains("changed while it was being read (1000 then 1500 bytes)", reason, StringComparison.Ordinal);
        Assert.NotNull(ArrivalCheck.Changed(path, before));
        Assert.Null(ArrivalCheck.Changed(path, check.Observe(path)));
    }

    [Fact]
    public void A_file_held_open_for_writing_by_another_program_is_still_arriving()
    {
        using var directory = new TempDirectory();
        var path = OldFile(directory, "AG01-00000001.zip");
        var check = new ArrivalCheck(Settle, TimeProvider.System, rememberFirstSeen: false);
        var before = check.Observe(path);

        // As a copy holds its target on Windows; on Linux .NET takes an exclusive lock for FileShare.None.
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var reason = check.StillArriving(path, before);
            Assert.NotNull(reason);
            Assert.Contains("is open in another program", reason, StringComparison.Ordinal);
        }

        Assert.Null(check.StillArriving(path, before));
    }

    [Fact]
    public void A_signature_written_moments_ago_keeps_its_old_bundle_waiting()
    {
        using var directory = new TempDirectory();
        var path = OldFile(directory, "AG01-00000001.zip");
        File.WriteAllText(path + ".sig", "{}");
        var check = new ArrivalCheck(Settle, TimeProvider.System, rememberFirstSeen: false);

        var reason = check.StillArriving(path, check.Observe(path));

        Assert.NotNull(reason);
        Assert.StartsWith("its signature was written or appeared", reason, StringComparison.Ordinal);
        MakeOld(path + ".sig");
        Assert.Null(check.StillArriving(path, check.Observe(path)));
    }

    [Fact]
    public void In_watch_mode_a_file_with_old_times_is_young_until_the_settle_time_after_it_was_first_seen()
    {
        using var directory = new TempDirectory();
        var path = OldFile(directory, "AG01-00000001.zip");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var check = new ArrivalCheck(Settle, clock, rememberFirstSeen: true);

        var before = check.Observe(path);
        Assert.NotNull(check.StillArriving(path, before));

        clock.Advance(Settle + TimeSpan.FromSeconds(1));
        Assert.Null(check.StillArriving(path, check.Observe(path)));
    }

    /// <summary>A clock the test moves (file times stay real; only "now" moves).</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
