using Npgsql;
using SyncFiles.Common;
using SyncFiles.Common.IO;

namespace SyncFiles.Postgres;

/// <summary>
/// The bytes of a <c>COPY ... TO STDOUT (FORMAT csv)</c> exactly as PostgreSQL sends them, read
/// from the text export's underlying stream so that nothing is decoded to characters and back.
/// Each read fills the buffer (PostgreSQL sends one message per row) and is then finished by
/// <see cref="PostgresCsvFinisher"/>. A value refused by <see cref="PostgresCsvCopy"/> or the
/// finisher surfaces as a <see cref="SyncFilesException"/>.
/// </summary>
internal sealed class PostgresCsvStream : ForwardReadStream
{
    private readonly NpgsqlCopyTextReader _export;
    private readonly PostgresCsvFinisher _finisher;

    public PostgresCsvStream(NpgsqlCopyTextReader export, PostgresCsvFinisher finisher)
    {
        _export = export;
        _finisher = finisher;
    }

    // The StreamReader is never read from: its buffer stays empty and every byte comes from here.
    private Stream Raw => _export.BaseStream;

    public override int Read(Span<byte> buffer)
    {
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var read = Raw.Read(buffer[filled..]);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }
        }
        catch (PostgresException ex) when (Refusal(ex) is { } refusal)
        {
            throw refusal;
        }

        _finisher.Apply(buffer[..filled]);
        if (filled == 0)
        {
            _finisher.Complete();
        }

        return filled;
    }

    /// <summary>
    /// Reads synchronously, on purpose: PostgreSQL sends a COPY message per row and Npgsql's
    /// asynchronous read costs a state machine and a cancellation registration for each, where its
    /// blocking read waits for the server in the kernel (docs/performance.md, "Export COPY phase:
    /// threads and copies"). The caller's thread is one the export owns for the whole copy.
    /// Cancellation still reaches a read that waits: the token asks the server to cancel the COPY,
    /// which ends the read with an error, reported as the cancellation it is.
    /// </summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var cancel = cancellationToken.Register(static export => ((NpgsqlCopyTextReader)export!).Cancel(), _export);
        try
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.QueryCanceled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _export.Dispose();
        }

        base.Dispose(disposing);
    }

    // 'invalid input syntax for type integer: "syncfiles-export refuses table t, row (id=5), column c: ..."'
    private static SourceValueException? Refusal(PostgresException ex)
    {
        var start = ex.MessageText.IndexOf(PostgresCsvCopy.RefusalMarker, StringComparison.Ordinal);
        var end = ex.MessageText.LastIndexOf('"');
        if (ex.SqlState != PostgresErrorCodes.InvalidTextRepresentation || start < 0 || end <= start)
        {
            return null;
        }

        var what = ex.MessageText[(start + PostgresCsvCopy.RefusalMarker.Length)..end];
        return new SourceValueException(char.ToUpperInvariant(what[0]) + what[1..] + ".", ex);
    }
}
