using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace SecPanel.Analytics.Logs;

/// <summary>
/// Reads <see cref="inner"/> ahead on a thread of its own, a few blocks at most, while the caller
/// reads what is already there: a gzip file's decompression then runs beside the counting of its
/// rows, so a month sent as one compressed file uses two cores where it used one. What the caller
/// reads is exactly the inner stream's bytes, in order; an error of the inner stream (a damaged
/// gzip file) is thrown to the caller when it reaches that point.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private const int BlockBytes = 1 << 20;
    private const int Depth = 4;

    private readonly Stream inner;
    private readonly BlockingCollection<(byte[] Block, int Length)> blocks = new(Depth);
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;
    private ExceptionDispatchInfo? failure;
    private byte[]? current;
    private int length;
    private int taken;
    private bool disposed;

    public ReadAheadStream(Stream inner)
    {
        this.inner = inner;
        reading = Task.Factory.StartNew(ReadAhead, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override int Read(Span<byte> destination)
    {
        if (current is null || taken == length)
        {
            Release();
            if (!blocks.TryTake(out var next, Timeout.Infinite))
            {
                // No more blocks: the end of the stream, or the error that ended it.
                failure?.Throw();
                return 0;
            }

            (current, length, taken) = (next.Block, next.Length, 0);
        }

        var count = Math.Min(destination.Length, length - taken);
        current.AsSpan(taken, count).CopyTo(destination);
        taken += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        // Disposed by the CSV reader that owns it and by its creator: the second time does nothing.
        if (disposing && !disposed)
        {
            disposed = true;
            stop.Cancel();
            // Empty the queue so that a reader waiting for room sees the cancellation, then wait for it.
            while (!reading.IsCompleted)
            {
                while (blocks.TryTake(out var block))
                {
                    ArrayPool<byte>.Shared.Return(block.Block);
                }

                reading.Wait(TimeSpan.FromMilliseconds(10));
            }

            while (blocks.TryTake(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Block);
            }

            Release();
            blocks.Dispose();
            stop.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Release()
    {
        if (current is not null)
        {
            ArrayPool<byte>.Shared.Return(current);
            current = null;
        }
    }

    private void ReadAhead()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var block = ArrayPool<byte>.Shared.Rent(BlockBytes);
                var read = inner.ReadAtLeast(block, BlockBytes, throwOnEndOfStream: false);
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(block);
                    break;
                }

                blocks.Add((block, read), stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed before the end: nothing more is wanted.
        }
#pragma warning disable CA1031 // Any error of the inner stream is the caller's, thrown when it reads that far.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            blocks.CompleteAdding();
        }
    }
}
