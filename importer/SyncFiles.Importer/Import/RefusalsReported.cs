namespace SyncFiles.Importer.Import;

/// <summary>
/// The inbox entries (refused or unreadable) a run has already reported at warning level, so that
/// watch mode, which sees them on every pass, logs them again only at debug level. Only what the
/// last pass saw is remembered: an importer that runs for weeks keeps no trace of entries long
/// gone, and one that comes back is reported again.
/// </summary>
internal sealed class RefusalsReported
{
    private HashSet<string> _lastPass = new(StringComparer.Ordinal);
    private HashSet<string> _thisPass = new(StringComparer.Ordinal);

    /// <summary>How many entries are remembered (the last pass's and this one's).</summary>
    public int Count => _lastPass.Count + _thisPass.Count(key => !_lastPass.Contains(key));

    /// <summary>Starts a pass: what the previous pass saw is what is remembered now.</summary>
    public void NewPass()
    {
        _lastPass = _thisPass;
        _thisPass = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Notes <paramref name="key"/> (file name and message) as seen in this pass; true when no pass before reported it.</summary>
    public bool FirstTime(string key) => _thisPass.Add(key) && !_lastPass.Contains(key);
}
