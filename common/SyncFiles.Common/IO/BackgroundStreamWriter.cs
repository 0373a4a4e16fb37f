using System.Buffers;
using System.Threading.Channels;

namespace SyncFiles.Common.IO;

/// <summary>
/// Writes filled buffers to a stream on another thread, at most <c>depth</c> buffers behind the
/// producer, so that producing bytes (reading rows, formatting CSV) and consuming them (hashing,
/// compressing, writing the file) run on two cores at once. The bound keeps memory flat: a
/// producer faster than the stream waits for a free slot.
/// </summary>
/// <remarks>
/// Buffers come from <see cref="ArrayPool{T}.Shared"/>; a buffer handed to <see cref="SubmitAsync"/>
/// belongs to this writer from then on. The stream is only touched by the background task, and
/// never after <see cref="CompleteAsync"/> or <see cref="DisposeAsync"/> has returned.
/// </remarks>
public sealed class BackgroundStreamWriter : IAsyncDisposable
{
    private readonly Stream _output;
    private readonly Channel<(byte[] Buffer, int Length)> _filled;
    private readonly CancellationTokenSource _stop;
    private readonly Task _consumer;
    private bool _completed;

    public BackgroundStreamWriter(Stream output, int depth, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _output = output;
        _filled = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(depth)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _consumer = Task.Run(ConsumeAsync, CancellationToken.None);
    }

    /// <summary>Queues <paramref name="length"/> bytes of <paramref name="buffer"/> (a pooled array) for writing.</summary>
    public async ValueTask SubmitAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            await _filled.Writer.WriteAsync((buffer, length), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // The consumer failed and closed the channel: its error is the one to report.
            ArrayPool<byte>.Shared.Return(buffer);
            await _consumer;
            throw;
        }
    }

    /// <summary>Waits until every queued buffer is written; rethrows the stream's error, if any.</summary>
    public async Task CompleteAsync()
    {
        _completed = true;
        _filled.Writer.TryComplete();
        await _consumer;
    }

    /// <summary>
    /// Stops the background task without waiting for queued buffers (after a failure of the
    /// producer, whose error must not be hidden by the consumer's) and returns every buffer.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _filled.Writer.TryComplete();
            await _stop.CancelAsync();
        }

        try
        {
            await _consumer;
        }
        catch (Exception)
        {
            // Either CompleteAsync has already thrown this error, or the producer failed and its
            // error is the one being reported; rethrowing here would replace it.
        }
        finally
        {
            while (_filled.Reader.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }

            _stop.Dispose();
        }
    }

    private async Task ConsumeAsync()
    {
        try
        {
            var reader = _filled.Reader;
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                while (reader.TryRead(out var item))
                {
                    try
                    {
                        // Synchronous on purpose: the zip and hashing streams below do CPU work, not I/O waits.
                        _output.Write(item.Buffer, 0, item.Length);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                    }

                    _stop.Token.ThrowIfCancellationRequested();
                }
            }
        }
        catch (Exception ex)
        {
            _filled.Writer.TryComplete(ex);
            throw;
        }
    }
}
