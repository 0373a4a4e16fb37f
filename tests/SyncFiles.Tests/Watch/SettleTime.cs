using System.Text.Json.Nodes;

namespace SyncFiles.Tests.Watch;

/// <summary>Sets server.json's settleTime, which the shared fixtures turn off (they judge bundles the moment they write them).</summary>
internal static class SettleTime
{
    public static void Set(string serverConfigPath, string settleTime)
    {
        var config = JsonNode.Parse(File.ReadAllText(serverConfigPath))!.AsObject();
        config["settleTime"] = settleTime;
        File.WriteAllText(serverConfigPath, config.ToJsonString());
    }
}
