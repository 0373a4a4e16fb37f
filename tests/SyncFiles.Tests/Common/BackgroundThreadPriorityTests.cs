using SyncFiles.Common.Threading;

namespace SyncFiles.Tests.Common;

public sealed class BackgroundThreadPriorityTests
{
    [Fact]
    public void A_lowered_thread_has_the_lowest_nice_value_and_the_others_keep_theirs()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The nice value is read from /proc, on Linux.");
        var before = NiceOfCurrentThread();
        int? lowered = null;
        var thread = new Thread(() =>
        {
            BackgroundThreadPriority.LowerCurrent();
            lowered = NiceOfCurrentThread();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(19, lowered);
        Assert.Equal(before, NiceOfCurrentThread());
    }

    // Field 19 of /proc/thread-self/stat, counted after the command name's closing parenthesis
    // (the name may hold spaces): the nice value of the calling thread.
    private static int NiceOfCurrentThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
