using System.Text;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Samples;

/// <summary>
/// <c>quickstart --encrypt</c>: the same round trip with head office's keys made by keygen, the
/// site encrypting for them and head office decrypting; nothing the site keeps shows a row.
/// </summary>
public sealed class QuickstartEncryptTests
{
    [Fact]
    public async Task Quickstart_with_encrypt_sends_only_encrypted_bundles_and_head_office_applies_them()
    {
        using var directory = new TempDirectory();
        var root = directory.Combine("quickstart");

        using var process = ProgramProcess.Start("syncfiles-samples", "quickstart", "--dir", root, "--invoices", "50", "--encrypt");
        var quickstart = await process.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(quickstart.ExitCode == 0, quickstart.ToString());
        Assert.Contains("syncfiles-export run  -> AG01-00000001.zip.enc", quickstart.Output, StringComparison.Ordinal);
        Assert.Contains("applied     AG01-00000002.zip.enc: incremental", quickstart.Output, StringComparison.Ordinal);
        Assert.Contains("\"encryptTo\": \"headoffice-encryption.public.pem\",", File.ReadAllText(Path.Combine(root, "site", "site.json")), StringComparison.Ordinal);
        Assert.Contains("\"decryptionKeys\": [\"keys/headoffice-encryption.private.pem\"],", File.ReadAllText(Path.Combine(root, "central", "server.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "central", "keys", "headoffice-encryption.private.pem")));

        var sent = Directory.GetFiles(Path.Combine(root, "site", "outbox")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["AG01-00000001.zip.enc", "AG01-00000002.zip.enc"], sent);
        foreach (var bundle in Directory.GetFiles(Path.Combine(root, "site", "outbox")))
        {
            var bytes = File.ReadAllBytes(bundle);
            Assert.False(bytes.AsSpan().StartsWith("PK"u8), bundle);
            Assert.DoesNotContain("factures", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }

        Assert.Equal(["AG01-00000001.zip.enc", "AG01-00000002.zip.enc"], Directory.GetFiles(Path.Combine(root, "central", "processed"), "*.zip.enc").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
