namespace SyncFiles.Exporter.Cli;

/// <summary>
/// Where a command that changes the state asks for confirmation: the console normally, a reader
/// in tests. Without a terminal (a scheduled task, a script) nobody can answer, so such commands
/// refuse unless given <c>--yes</c>.
/// </summary>
public sealed record ConfirmationInput(TextReader Reader, bool IsTerminal)
{
    public static ConfirmationInput FromConsole() => new(Console.In, !Console.IsInputRedirected);

    /// <summary>No terminal: every confirmation is refused.</summary>
    public static ConfirmationInput None { get; } = new(TextReader.Null, false);
}
