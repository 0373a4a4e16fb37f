namespace SyncFiles.Common.Progress;

/// <summary>No display at all: the reporter of scheduled runs (no terminal, --no-progress, --quiet) and of tests.</summary>
public sealed class NoProgress : IProgressReporter, ITableProgress
{
    public static readonly NoProgress Instance = new();

    private NoProgress()
    {
    }

    public IDisposable BeginBundle(string title) => this;

    public ITableProgress BeginTable(string table, Func<long> rows, Func<long> bytes) => this;

    public void Complete()
    {
    }

    public void Dispose()
    {
    }
}
