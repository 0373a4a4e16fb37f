using System.CommandLine;
using SyncFiles.Common;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Receipts;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// <c>syncfiles-import keygen --out DIR</c>: head office's two key pairs, one per purpose. The
/// receipt-signing pair (<c>headoffice.*.pem</c>): the private key stays at head office
/// (<c>"signingKey"</c> in server.json), the public key goes to every site (<c>"headOfficeKey"</c>
/// in site.json), which then trusts only receipts it signed. The encryption pair
/// (<c>headoffice-encryption.*.pem</c>): the private key stays at head office
/// (<c>"decryptionKeys"</c> in server.json), the public key goes to every site (<c>"encryptTo"</c>
/// in site.json), whose bundles only head office can then read. A pair already in the folder is
/// kept as it is (and its key id printed), so a head office that made its receipt keys earlier
/// gets its encryption keys by running keygen again; with both pairs there, or half a pair, it
/// stops with exit 2 and nothing is overwritten.
/// </summary>
public static class KeygenCommand
{
    public const string KeyName = "headoffice";

    /// <summary>The encryption pair's name: <c>headoffice-encryption.private.pem</c> and <c>.public.pem</c>.</summary>
    public const string EncryptionKeyName = "headoffice-encryption";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var outOption = new Option<string>("--out") { Description = HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenOutDescription), KeyName, EncryptionKeyName).Display, Required = true };
        var command = new Command("keygen", HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenDescription)).Display)
        {
            outOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            var directory = parse.GetValue(outOption)!;
            try
            {
                // Both pairs are looked at before either is written: half a pair stops keygen with nothing written.
                var signing = Existing(directory, KeyName);
                var encryption = Existing(directory, EncryptionKeyName);
                if (signing is not null && encryption is not null)
                {
                    // Nothing left to make: refused as before encryption existed ("... already exists; a key is never overwritten").
                    KeyPairFiles.Create(directory, KeyName);
                }

                await WriteSigningAsync(output, signing, directory);
                await WriteEncryptionAsync(output, encryption, directory);
                return ExitCodes.Success;
            }
            catch (ConfigurationException ex)
            {
                await error.WriteLineAsync(ex.Text.Display);
                return ExitCodes.UsageOrConfiguration;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder that cannot be created or written: a person must choose another or grant access.
                await error.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenCannotWrite), directory, ex.Message).Display);
                return ExitCodes.UsageOrConfiguration;
            }
        });
        return command;
    }

    private static async Task WriteSigningAsync(TextWriter output, (string Private, string Public)? existing, string directory)
    {
        string privatePath, publicPath, keyId;
        if (existing is { } kept)
        {
            using var key = SigningKeys.LoadPublic(kept.Public);
            (privatePath, publicPath, keyId) = (kept.Private, kept.Public, SigningKeys.KeyId(key));
            await output.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenKept), privatePath, publicPath).Display);
        }
        else
        {
            var created = KeyPairFiles.Create(directory, KeyName);
            (privatePath, publicPath, keyId) = (created.PrivateKeyPath, created.PublicKeyPath, created.KeyId);
        }

        await output.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenPrivateKey), privatePath).Display);
        await output.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenPublicKey), publicPath).Display);
        await output.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenKeyId), keyId).Display);
    }

    private static async Task WriteEncryptionAsync(TextWriter output, (string Private, string Public)? existing, string directory)
    {
        string privatePath, publicPath, keyId;
        if (existing is { } kept)
        {
            using var recipient = EncryptionRecipient.Load(kept.Public);
            (privatePath, publicPath, keyId) = (kept.Private, kept.Public, recipient.KeyId);
            await output.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenKept), privatePath, publicPath).Display);
        }
        else
        {
            var created = EncryptionKeyPairFiles.Create(directory, EncryptionKeyName);
            (privatePath, publicPath, keyId) = (created.PrivateKeyPath, created.PublicKeyPath, created.KeyId);
        }

        await output.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenEncryptionPrivateKey), privatePath).Display);
        await output.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenEncryptionPublicKey), publicPath).Display);
        await output.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenEncryptionKeyId), keyId).Display);
    }

    /// <summary>The pair's two files when both are there; null when neither is; half a pair is a person's to sort out.</summary>
    private static (string Private, string Public)? Existing(string directory, string name)
    {
        var privatePath = Path.GetFullPath(Path.Combine(directory, $"{name}.private.pem"));
        var publicPath = Path.GetFullPath(Path.Combine(directory, $"{name}.public.pem"));
        return (File.Exists(privatePath), File.Exists(publicPath)) switch
        {
            (true, true) => (privatePath, publicPath),
            (false, false) => null,
            (true, false) => throw new ConfigurationException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenHalfPair), privatePath, publicPath)),
            (false, true) => throw new ConfigurationException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.KeygenHalfPair), publicPath, privatePath)),
        };
    }
}
