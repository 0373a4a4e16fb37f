using System.Globalization;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// What a resilience test tells besides pass or fail: the seed of a randomised test (random each
/// run, or SYNCFILES_TEST_SEED to replay a failure; it belongs in every failure message too) and
/// the figures of the run, in the test output.
/// </summary>
public static class TestReport
{
    public const string Variable = "SYNCFILES_TEST_SEED";

    public static int Seed()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        var seed = int.TryParse(configured, NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed} (replay with {Variable}={seed})");
        return seed;
    }

    /// <summary>Writes figures or a message to the test output.</summary>
    public static void Line(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
