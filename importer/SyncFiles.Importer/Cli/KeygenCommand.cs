using System.CommandLine;
using SyncFiles.Common;
using SyncFiles.Common.Signing;

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
        var outOption = new Option<string>("--out") { Description = $"Folder to write {KeyName}.private.pem and {KeyName}.public.pem into.", Required = true };
        var command = new Command("keygen", "Make head office's ECDSA P-256 key pair for signing receipts: the private key stays at head office (signingKey in server.json), the public key goes to every site (headOfficeKey in site.json).")
        {
            outOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var created = KeyPairFiles.Create(parse.GetValue(outOption)!, KeyName);
                await output.WriteLineAsync($"private key: {created.PrivateKeyPath}  (keep it at head office; \"signingKey\" in server.json)");
                await output.WriteLineAsync($"public key:  {created.PublicKeyPath}  (give it to every site; \"headOfficeKey\" in site.json)");
                await output.WriteLineAsync($"key id:      {created.KeyId}");
                return ExitCodes.Success;
            }
            catch (ConfigurationException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitCodes.UsageOrConfiguration;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder that cannot be created or written: a person must choose another or grant access.
                await error.WriteLineAsync($"keygen: cannot write the key pair into {parse.GetValue(outOption)}: {ex.Message}");
                return ExitCodes.UsageOrConfiguration;
            }
        });
        return command;
    }
}
