namespace SyncFiles.Tests.Common.Progress;

/// <summary>A clock that moves only when told to, so elapsed times and rates are exact.</summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _milliseconds;

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => Interlocked.Read(ref _milliseconds);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _milliseconds, (long)by.TotalMilliseconds);
}
