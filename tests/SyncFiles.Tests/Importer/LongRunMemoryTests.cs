using Serilog;
using Serilog.Core;
using Serilog.Events;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// A watch importer runs for weeks with one <see cref="ImportRun"/>: what it remembers from pass to
/// pass is bounded by what the inbox holds now, not by everything it has ever seen
/// (docs/performance.md, "Memory over many bundles (issue 16)").
/// </summary>
public sealed class LongRunMemoryTests
{
    [Fact]
    public async Task Refused_inbox_entries_are_remembered_only_while_they_are_there_and_one_that_comes_back_is_reported_again()
    {
        using var sync = Support.ShopSchemas.NewShop();
        var events = new EventList();
        using var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(events).CreateLogger();
        var run = new ImportRun(ServerSettings.Load(sync.ServerConfigPath), TargetProviders.Get("sqlite"), log, TimeProvider.System) { Repeating = true };
        Directory.CreateDirectory(sync.Inbox);

        for (var i = 1; i <= 60; i++)
        {
            var entry = Path.Combine(sync.Inbox, $"junk-{i:D3}.zip");
            Directory.CreateDirectory(entry);
            await run.ExecuteAsync(TestContext.Current.CancellationToken);
            await run.ExecuteAsync(TestContext.Current.CancellationToken);
            Directory.Delete(entry);

            Assert.InRange(run.RefusalsRemembered, 1, 2);
        }

        Assert.Equal(60, events.Warnings(name: "junk-"));
        Assert.Equal(1, events.Warnings(name: "junk-001.zip"));

        Directory.CreateDirectory(Path.Combine(sync.Inbox, "junk-001.zip"));
        await run.ExecuteAsync(TestContext.Current.CancellationToken);
        await run.ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, events.Warnings(name: "junk-001.zip"));
        Assert.InRange(run.RefusalsRemembered, 1, 2);
    }

    private sealed class EventList : ILogEventSink
    {
        private readonly List<LogEvent> _events = [];

        public void Emit(LogEvent logEvent)
        {
            lock (_events)
            {
                _events.Add(logEvent);
            }
        }

        public int Warnings(string name)
        {
            lock (_events)
            {
                return _events.Count(e => e.Level == LogEventLevel.Warning && e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(name, StringComparison.Ordinal));
            }
        }
    }
}
