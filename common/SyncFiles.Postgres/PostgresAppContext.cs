using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SyncFiles.Postgres;

/// <summary>
/// Npgsql's process-wide switches SyncFiles depends on, set before Npgsql is first used.
/// </summary>
/// <remarks>
/// By default Npgsql reads and writes <c>DateTime.MinValue</c>/<c>MaxValue</c> (and DateOnly's) as
/// PostgreSQL's <c>-infinity</c>/<c>infinity</c>, so a real 0001-01-01 or 9999-12-31 would become
/// an infinity at a PostgreSQL head office. With the conversions off, real dates stay real dates and
/// the infinities travel as themselves (<see cref="SyncFiles.Common.Schema.TemporalInfinity"/>).
/// Npgsql reads the switch once, the first time it maps a type; a module initializer runs before
/// any code of this assembly, and the programs reach Npgsql only through it, so it always comes
/// first. A host that uses Npgsql itself before (the test assembly) sets the switch as well.
/// </remarks>
internal static class PostgresAppContext
{
    public const string DisableDateTimeInfinityConversions = "Npgsql.DisableDateTimeInfinityConversions";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "The switch must be set before Npgsql's first use, whoever hosts this library.")]
    internal static void TurnOffInfinityConversions() => AppContext.SetSwitch(DisableDateTimeInfinityConversions, true);
}
