using System.CommandLine;
using SyncFiles.Common;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.IO;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// <c>syncfiles-import decrypt BUNDLE --key K --out X.zip</c>: the plain bundle inside an encrypted
/// one, for support work (open it with a zip tool, hand it to <c>verify</c>). Nothing is applied.
/// The output is written under a temporary name, flushed, then renamed: it appears whole or not at
/// all, is never written over an existing file, and is owner-only (it holds customer data in clear).
/// A wrong key or a damaged file is exit 2 with the reason, and leaves no output behind.
/// </summary>
public static class DecryptCommand
{
    /// <summary>The <c>--key</c> option of <c>decrypt</c>, <c>verify</c> and <c>init</c>: head office's encryption private keys, repeatable.</summary>
    public static Option<string[]> KeyOption() => new("--key")
    {
        Description = HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HelpKey)).Display,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>
    /// The encryption policy of a tool: the keys given with <c>--key</c> (else those of server.json's
    /// <c>decryptionKeys</c> when <c>--config</c> is given) and, with <c>--config</c>, its <c>requireEncryption</c>.
    /// </summary>
    public static EncryptionPolicy PolicyFor(ServerSettings? settings, DecryptionKeyRing? givenKeys) =>
        settings is null
            ? givenKeys is null ? EncryptionPolicy.None : EncryptionPolicy.WithKeys(givenKeys)
            : new EncryptionPolicy(givenKeys ?? settings.DecryptionKeys, settings.Config.RequireEncryption, settings.RequiresEncryption);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var bundle = new Argument<string>("bundle") { Description = HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HelpDecryptBundle)).Display };
        var key = KeyOption();
        var config = new Option<string?>(ConfigOptionNames.Long, ConfigOptionNames.Short) { Description = HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HelpDecryptConfig)).Display };
        var outFile = new Option<string>("--out") { Description = HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HelpDecryptOut)).Display, Required = true };
        var command = new Command("decrypt", HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HelpDecrypt)).Display)
        {
            bundle, key, config, outFile,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(bundle)!, parse.GetValue(key) ?? [], parse.GetValue(config), parse.GetValue(outFile)!, output, error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string bundlePath, string[] keyPaths, string? configPath, string outPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(bundlePath);
        try
        {
            if (keyPaths.Length == 0 && configPath is null)
            {
                throw new ConfigurationException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.DecryptNoKey)));
            }

            if (File.Exists(outPath) || Directory.Exists(outPath))
            {
                throw new ConfigurationException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.DecryptOutExists), Path.GetFullPath(outPath)));
            }

            if (!File.Exists(bundlePath))
            {
                throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.CliBundleMissing), bundlePath));
            }

            var settings = configPath is null ? null : ServerSettings.Load(configPath);
            using var givenKeys = keyPaths.Length > 0 ? DecryptionKeyRing.Load(keyPaths) : null;
            var encryption = PolicyFor(settings, givenKeys);

            await using var stream = InboxBundle.OpenRead(BundleArgument.Resolve(bundlePath));
            if (!BundleVerifier.IsEncrypted(stream))
            {
                throw new ConfigurationException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.DecryptNotEncrypted), name));
            }

            var header = EncryptedBundleHeader.Read(stream, name);
            if (encryption.MissingKey(name, header) is { } missing)
            {
                throw new ConfigurationException(missing);
            }

            stream.Position = 0;
            await using var plain = encryption.Open(stream, name, signature: null, checkName: false);
            var written = await WriteNewAsync(plain, outPath, cancellationToken);
            await output.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.DecryptDone), name, Path.GetFullPath(outPath), header.SiteId, header.Sequence, written, header.RecipientKeyId).Display);
            return ExitCodes.Success;
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Text.Display);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is BundleFormatException or BundleRejectedException)
        {
            // Damaged or tampered (a chunk that fails authentication, a cut file): a person must get a fresh copy.
            await error.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.DecryptFailed), ((SyncFilesException)ex).Text).Display);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (BundleArgument.IsUnreadable(ex))
        {
            return await BundleArgument.ReportUnreadableAsync(ex, bundlePath, error);
        }
    }

    /// <summary>Copies the plain bundle into a new owner-only file, all or nothing; returns its length.</summary>
    private static async Task<long> WriteNewAsync(Stream plain, string outPath, CancellationToken cancellationToken)
    {
        var temp = AtomicFile.TempPathFor(outPath);
        try
        {
            long length;
            await using (var file = PrivateFiles.CreateNew(temp))
            {
                await plain.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }

            // Never over a file that appeared meanwhile: the move fails instead.
            File.Move(temp, outPath, overwrite: false);
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            return length;
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }
}
