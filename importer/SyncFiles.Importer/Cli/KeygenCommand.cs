using System.CommandLine;
using SyncFiles.Common;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Receipts;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// <c>syncfiles-import keygen --out DIR</c>: head office's key pair for signing receipts. The
/// private key stays at head office (<c>"signingKey"</c> in server.json); the public key goes to
/// every site (<c>"headOfficeKey"</c> in site.json), which then trusts only receipts it signed.
/// </summary>
public static class KeygenCommand
{
    public const string KeyName = "headoffice";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var outOption = new Option<string>("--out") { Description = HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenOutDescription), KeyName).Display, Required = true };
        var command = new Command("keygen", HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenDescription)).Display)
        {
            outOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var created = KeyPairFiles.Create(parse.GetValue(outOption)!, KeyName);
                await output.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenPrivateKey), created.PrivateKeyPath).Display);
                await output.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenPublicKey), created.PublicKeyPath).Display);
                await output.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenKeyId), created.KeyId).Display);
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
                await error.WriteLineAsync(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.KeygenCannotWrite), parse.GetValue(outOption), ex.Message).Display);
                return ExitCodes.UsageOrConfiguration;
            }
        });
        return command;
    }
}
