namespace SyncFiles.Common.Progress;

/// <summary>
/// Where a run tells how far it has got, table by table. The run calls it only at table boundaries;
/// in between, the display samples the counters it was given on its own timer, so the row loops
/// pay nothing for it. <see cref="NoProgress"/> is the choice for scheduled runs.
/// </summary>
public interface IProgressReporter
{
    /// <summary>Starts the block of one bundle; disposing it takes the block off the display.</summary>
    IDisposable BeginBundle(string title);

    /// <summary>
    /// Starts one table's line. <paramref name="rows"/> and <paramref name="bytes"/> are read from
    /// the display's timer thread while the table is being processed: they must only read a
    /// counter (a field the processing thread increments), never do work.
    /// </summary>
    ITableProgress BeginTable(string table, Func<long> rows, Func<long> bytes);
}

/// <summary>One table's line: <see cref="Complete"/> marks it done; disposing without it drops the line (the table failed).</summary>
public interface ITableProgress : IDisposable
{
    void Complete();
}
