namespace SyncFiles.Samples;

/// <summary>
/// The <c>status</c> command the quickstart suggests at its end, written to run exactly as printed
/// from the folder printed with it. After a clone <c>syncfiles-export</c> is on no PATH, so inside
/// the repository it is <c>dotnet run --project exporter/SyncFiles.Exporter -- ...</c>; only a
/// quickstart run from outside a clone (no project to run) names the installed program.
/// </summary>
internal sealed record StatusCommandHint(string Folder, string Command)
{
    /// <param name="siteConfig">The quickstart's site.json.</param>
    /// <param name="workingDirectory">Where the quickstart was started: the folder the command is for.</param>
    /// <param name="programDirectory">Where this program runs from, to find the repository it was built in.</param>
    public static StatusCommandHint For(string siteConfig, string workingDirectory, string programDirectory)
    {
        var exporterProject = FindExporterProject(programDirectory);
        if (exporterProject is null)
        {
            return new(workingDirectory, $"syncfiles-export status --config {Quote(siteConfig)}");
        }

        return new(workingDirectory, $"dotnet run --project {Quote(Relative(workingDirectory, exporterProject))} -- status --config {Quote(Relative(workingDirectory, siteConfig))}");
    }

    private static string? FindExporterProject(string programDirectory)
    {
        for (var folder = new DirectoryInfo(programDirectory); folder is not null; folder = folder.Parent)
        {
            var project = Path.Combine(folder.FullName, "exporter", "SyncFiles.Exporter");
            if (File.Exists(Path.Combine(folder.FullName, "SyncFiles.sln")) && File.Exists(Path.Combine(project, "SyncFiles.Exporter.csproj")))
            {
                return project;
            }
        }

        return null;
    }

    // Short when below the working folder (the usual repository root), absolute otherwise.
    private static string Relative(string from, string path)
    {
        var relative = Path.GetRelativePath(from, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    // Double quotes work alike in cmd, PowerShell and POSIX shells for a path without quotes or $.
    private static string Quote(string path) =>
        path.Any(c => char.IsWhiteSpace(c) || c is '&' or '(' or ')' or ';' or '\'') ? $"\"{path}\"" : path;
}
