using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SyncFiles.Tests.Support;

/// <summary>
/// The tests use Npgsql directly (PostgresTestDatabase) before any provider code may have run, so
/// they set the switch SyncFiles.Postgres sets for the programs (PostgresAppContext): real
/// 0001-01-01 and 9999-12-31 stay dates, never -infinity/infinity.
/// </summary>
internal static class NpgsqlSwitches
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Must run before the first test touches Npgsql.")]
    internal static void TurnOffInfinityConversions() => AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
}
