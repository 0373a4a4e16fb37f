using System.Text;
using SyncFiles.Common.Receipts;
using SyncFiles.Common.Signing;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// The receipt file a site acts on: what head office wrote reads back exactly, and anything that
/// is not exactly that (damaged bytes, another key, no signature when one is expected, a huge or
/// empty file, not JSON) is refused with a reason rather than acted on.
/// </summary>
public sealed class ReceiptFileTests
{
    private static readonly DateTimeOffset Written = new(2026, 12, 4, 23, 10, 0, TimeSpan.Zero);

    [Fact]
    public void Signed_receipt_reads_back_exactly_with_the_head_office_public_key()
    {
        using var folder = new TempDirectory();
        using var key = SigningKeys.Create();
        using var publicKey = PublicOf(key);
        var path = folder.Combine(Receipt.FileNameFor("AG01"));

        ReceiptFile.Write(path, Sample(), key);
        var result = ReceiptFile.Read(path, publicKey);

        Assert.Equal(ReceiptReadStatus.Ok, result.Status);
        AssertSame(Sample(), result.Receipt!);
        Assert.Null(result.Reason);
        Assert.Contains("\"signature\":{", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_receipt_reads_back_exactly_when_no_key_is_expected_and_is_refused_when_one_is()
    {
        using var folder = new TempDirectory();
        using var key = SigningKeys.Create();
        var path = folder.Combine(Receipt.FileNameFor("AG01"));

        ReceiptFile.Write(path, Sample(), signingKey: null);

        Assert.EndsWith(",\"signature\":null}", File.ReadAllText(path), StringComparison.Ordinal);
        var unchecked_ = ReceiptFile.Read(path, expectedKey: null);
        Assert.Equal(ReceiptReadStatus.Unsigned, unchecked_.Status);
        AssertSame(Sample(), unchecked_.Receipt!);

        var demanded = ReceiptFile.Read(path, key);
        Assert.Equal(ReceiptReadStatus.BadSignature, demanded.Status);
        Assert.Null(demanded.Receipt);
        Assert.Contains("not signed", demanded.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_file_keeps_the_agreed_shape_and_names()
    {
        var text = Encoding.UTF8.GetString(ReceiptFile.ToBytes(Sample(), signingKey: null));

        Assert.StartsWith("{\"receipt\":{", text, StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "\"format\": \"syncfiles-receipt/1\"", "\"site\": \"AG01\"", "\"headOffice\": \"HQ\"", "\"counter\": 7",
            "\"appliedThrough\": 41", "\"outcome\": \"duplicate\"", "\"waitingFor\": 43", "\"damage\": \"transport\"",
            "\"damage\": \"content\"", "\"writtenAt\": \"2026-12-04T23:10:00+00:00\"", "'abc' is not",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_flipped_byte_anywhere_in_a_signed_receipt_is_refused_as_damaged_or_badly_signed()
    {
        using var key = SigningKeys.Create();
        using var publicKey = PublicOf(key);
        var original = ReceiptFile.ToBytes(Sample(), key);
        Assert.Equal(ReceiptReadStatus.Ok, ReceiptFile.Parse(original, publicKey).Status);

        foreach (var mask in new byte[] { 0x01, 0x20, 0x80 })
        {
            for (var i = 0; i < original.Length; i++)
            {
                var damaged = (byte[])original.Clone();
                damaged[i] ^= mask;
                var result = ReceiptFile.Parse(damaged, publicKey);
                Assert.True(
                    result.Status is ReceiptReadStatus.Damaged or ReceiptReadStatus.BadSignature,
                    $"byte {i} ('{(char)original[i]}') ^ 0x{mask:x2} read as {result.Status}: {result.Reason}");
                Assert.Null(result.Receipt);
                Assert.False(string.IsNullOrWhiteSpace(result.Reason));
                Assert.DoesNotContain('\n', result.Reason!);
            }
        }
    }

    [Fact]
    public void A_truncated_signed_receipt_is_damaged()
    {
        using var key = SigningKeys.Create();
        var original = ReceiptFile.ToBytes(Sample(), key);

        for (var length = 0; length < original.Length; length += 7)
        {
            var result = ReceiptFile.Parse(original.AsSpan(0, length), key);
            Assert.True(result.Status == ReceiptReadStatus.Damaged, $"{length} bytes read as {result.Status}");
        }
    }

    [Fact]
    public void Receipt_signed_by_another_key_is_refused_as_wrong_key()
    {
        using var headOffice = SigningKeys.Create();
        using var forger = SigningKeys.Create();
        var forged = ReceiptFile.ToBytes(Sample(), forger);

        var result = ReceiptFile.Parse(forged, headOffice);

        Assert.Equal(ReceiptReadStatus.WrongKey, result.Status);
        Assert.Null(result.Receipt);
        Assert.Contains(SigningKeys.KeyId(forger), result.Reason, StringComparison.Ordinal);
        Assert.Contains(SigningKeys.KeyId(headOffice), result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_whose_key_id_was_copied_but_signed_by_another_key_is_badly_signed()
    {
        using var headOffice = SigningKeys.Create();
        using var forger = SigningKeys.Create();
        var text = Encoding.UTF8.GetString(ReceiptFile.ToBytes(Sample(), forger))
            .Replace(SigningKeys.KeyId(forger), SigningKeys.KeyId(headOffice), StringComparison.Ordinal);

        var result = ReceiptFile.Parse(Encoding.UTF8.GetBytes(text), headOffice);

        Assert.Equal(ReceiptReadStatus.BadSignature, result.Status);
        Assert.Null(result.Receipt);
    }

    [Fact]
    public void Oversized_receipt_is_refused_unread()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("AG01.receipt.json");
        using (var stream = File.Create(path))
        {
            stream.SetLength(ReceiptFile.MaxFileBytes + 1);
        }

        var result = ReceiptFile.Read(path, expectedKey: null);

        Assert.Equal(ReceiptReadStatus.TooLarge, result.Status);
        Assert.Null(result.Receipt);
        Assert.Contains("1048577 bytes", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_reading_gives_the_hash_of_the_receipt_it_checks_and_a_huge_file_costs_no_more_than_the_cap()
    {
        using var folder = new TempDirectory();
        using var key = SigningKeys.Create();
        var path = folder.Combine(Receipt.FileNameFor("AG01"));
        ReceiptFile.Write(path, Sample(), key);

        var contents = ReceiptFile.ReadContents(path);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), contents.Sha256);
        Assert.Equal(ReceiptReadStatus.Unsigned, ReceiptFile.Check(contents, expectedKey: null).Status);

        using (var stream = File.OpenWrite(path))
        {
            stream.SetLength(64L * 1024 * 1024);
        }

        var huge = ReceiptFile.ReadContents(path);

        Assert.Equal(ReceiptFile.MaxFileBytes + 1, huge.Bytes.Length);
        var result = ReceiptFile.Check(huge, expectedKey: null);
        Assert.Equal(ReceiptReadStatus.TooLarge, result.Status);
        Assert.Contains("67108864 bytes", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"receipt\":{\"format\":\"syncfiles-receipt/1\"},\"signature\":null}")]
    [InlineData("{\"receipt\":{},\"signature\":null,\"extra\":1}")]
    [InlineData("{\"signature\":null}")]
    public void Empty_or_non_receipt_files_are_damaged(string content)
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("AG01.receipt.json");
        File.WriteAllText(path, content);

        var result = ReceiptFile.Read(path, expectedKey: null);

        Assert.Equal(ReceiptReadStatus.Damaged, result.Status);
        Assert.Null(result.Receipt);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void Receipt_of_another_format_version_is_damaged()
    {
        var text = Encoding.UTF8.GetString(ReceiptFile.ToBytes(Sample(), signingKey: null))
            .Replace("syncfiles-receipt/1", "syncfiles-receipt/9", StringComparison.Ordinal);

        var result = ReceiptFile.Parse(Encoding.UTF8.GetBytes(text), expectedKey: null);

        Assert.Equal(ReceiptReadStatus.Damaged, result.Status);
        Assert.Contains("syncfiles-receipt/9", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_receipt_file_is_reported_as_not_found()
    {
        using var folder = new TempDirectory();

        Assert.Throws<FileNotFoundException>(() => ReceiptFile.Read(folder.Combine("AG01.receipt.json"), null));
    }

    [Fact]
    public void Rewriting_replaces_the_receipt_and_leaves_no_temporary_file()
    {
        using var folder = new TempDirectory();
        using var key = SigningKeys.Create();
        var path = folder.Combine("AG01.receipt.json");

        ReceiptFile.Write(path, Sample(), key);
        ReceiptFile.Write(path, Sample() with { Counter = 8 }, key);

        Assert.Equal(8, ReceiptFile.Read(path, key).Receipt!.Counter);
        Assert.Equal(["AG01.receipt.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_refusal_reason_reads_in_English_in_logs_and_in_French_for_a_French_console()
    {
        using var headOffice = SigningKeys.Create();
        using var forger = SigningKeys.Create();

        var result = ReceiptFile.Parse(ReceiptFile.ToBytes(Sample(), forger), headOffice);

        Assert.StartsWith("the receipt is signed with key ", result.Reason, StringComparison.Ordinal);
        var french = result.ReasonText!.In(SyncFiles.Common.Text.UiLanguage.French);
        Assert.StartsWith("le reçu est signé avec la clé ", french, StringComparison.Ordinal);
        Assert.Contains(SigningKeys.KeyId(headOffice), french, StringComparison.Ordinal);
    }

    internal static Receipt Sample() => new()
    {
        Format = Receipt.CurrentFormat,
        Site = "AG01",
        HeadOffice = "HQ",
        WrittenAt = Written,
        Counter = 7,
        AppliedThrough = 41,
        Applied =
        [
            new ReceiptAppliedBundle { Sequence = 40, Outcome = ReceiptOutcome.Duplicate, At = Written.AddMinutes(-3) },
            new ReceiptAppliedBundle { Sequence = 41, Outcome = ReceiptOutcome.Applied, At = Written.AddMinutes(-2) },
        ],
        Held = [44, 45],
        WaitingFor = 43,
        Quarantined =
        [
            new ReceiptQuarantinedBundle { Sequence = 42, File = "AG01-00000042.zip", Reason = "the zip is truncated", Damage = DamageKind.Transport, At = Written.AddMinutes(-1) },
            new ReceiptQuarantinedBundle { Sequence = 43, File = "AG01-00000043.zip", Reason = "factures.total: 'abc' is not a decimal", Damage = DamageKind.Content, At = Written },
        ],
    };

    private static void AssertSame(Receipt expected, Receipt actual)
    {
        Assert.Equal(expected with { Applied = [], Held = [], Quarantined = [] }, actual with { Applied = [], Held = [], Quarantined = [] });
        Assert.Equal(expected.Applied, actual.Applied);
        Assert.Equal(expected.Held, actual.Held);
        Assert.Equal(expected.Quarantined, actual.Quarantined);
    }

    private static System.Security.Cryptography.ECDsa PublicOf(System.Security.Cryptography.ECDsa key)
    {
        var publicKey = System.Security.Cryptography.ECDsa.Create();
        publicKey.ImportFromPem(key.ExportSubjectPublicKeyInfoPem());
        return publicKey;
    }
}
