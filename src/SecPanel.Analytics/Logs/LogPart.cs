using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace SecPanel.Analytics.Logs;

/// <summary>
/// What one worker reads at a time: a whole log file or, for a large uncompressed file, one of
/// <see cref="Count"/> runs of whole lines of about <see cref="PartBytes"/> bytes each, so that a
/// month delivered as one file is still read on every core. A part's exact bounds are found by the
/// worker that reads it: part k runs from the first line that starts at or after byte k ×
/// <see cref="PartBytes"/> to the first line that starts at or after byte (k + 1) ×
/// <see cref="PartBytes"/>, so the parts of a file meet exactly and cover every line once. A gzip
/// file is read whole: its bytes cannot be entered in the middle.
/// </summary>
/// <param name="File">The file.</param>
/// <param name="Index">Which part, from 0.</param>
/// <param name="Count">How many parts the file is read in; 1 for a whole file.</param>
/// <param name="PartBytes">The nominal size of a part.</param>
/// <param name="Bytes">About how many bytes of the file the part covers (the file's size on disk for a whole file), for progress.</param>
internal readonly record struct LogPart(LogFile File, int Index, int Count, long PartBytes, long Bytes = 0)
{
    /// <summary>The parts of a file larger than this are about this size: large enough that finding a part's bounds costs nothing, small enough to share a day's file between cores.</summary>
    public const long DefaultPartBytes = 64L << 20;

    /// <summary>True when the part is the whole file.</summary>
    public bool Whole => Count == 1;

    /// <summary>The parts <paramref name="file"/> is read in.</summary>
    public static IEnumerable<LogPart> Of(LogFile file, long partBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(partBytes, 1);
        var length = new FileInfo(file.Path).Length;
        var count = file.Compressed || length <= partBytes ? 1 : checked((int)((length + partBytes - 1) / partBytes));
        return Enumerable.Range(0, count).Select(i => new LogPart(file, i, count, partBytes, count == 1 ? length : Math.Min(partBytes, length - (i * partBytes))));
    }

    /// <summary>The first byte of the first line that starts at or after <paramref name="at"/> (the file's length if none does).</summary>
    public static long LineStart(SafeFileHandle handle, long at, long length)
    {
        if (at <= 0)
        {
            return 0;
        }

        Span<byte> buffer = stackalloc byte[4096];
        // A line starts at q when the byte before q ends a line: look for a line feed from at − 1 on.
        for (var position = at - 1; position < length;)
        {
            var read = RandomAccess.Read(handle, buffer, position);
            if (read == 0)
            {
                break;
            }

            var found = buffer[..read].IndexOf((byte)'\n');
            if (found >= 0)
            {
                return position + found + 1;
            }

            position += read;
        }

        return length;
    }

}

/// <summary>
/// The bytes a worker reads of a log file: a run of its lines (the whole file, or a part), after the
/// file's header line for a part after the first, so that the CSV reader sees a file of its own
/// with the columns named. Read through a 1 MiB buffer taken from the shared pool: the CSV reader
/// asks for a few kilobytes at a time, and a system call per few kilobytes was a third of the time
/// spent reading a file, while a new 1 MiB buffer per file cost garbage collections.
/// </summary>
internal sealed class LogStream : ReadOnlyStream
{
    private const int BufferBytes = 1 << 20;

    private readonly SafeFileHandle handle;
    private readonly byte[] header;
    private readonly long end;
    private byte[]? buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int headerRead;
    private long position;
    private int buffered;
    private int taken;

    /// <summary>Bytes <paramref name="start"/> to <paramref name="end"/> of the file open as <paramref name="handle"/>, after <paramref name="header"/>.</summary>
    public LogStream(SafeFileHandle handle, byte[] header, long start, long end)
    {
        (this.handle, this.header, position, this.end) = (handle, header, start, Math.Max(start, end));
    }

    public override int Read(Span<byte> destination)
    {
        if (headerRead < header.Length)
        {
            var n = Math.Min(destination.Length, header.Length - headerRead);
            header.AsSpan(headerRead, n).CopyTo(destination);
            headerRead += n;
            return n;
        }

        ObjectDisposedException.ThrowIf(buffer is null, this);
        if (taken == buffered)
        {
            var wanted = (int)Math.Min(buffer.Length, end - position);
            if (wanted <= 0)
            {
                return 0;
            }

            buffered = RandomAccess.Read(handle, buffer.AsSpan(0, wanted), position);
            position += buffered;
            taken = 0;
            if (buffered == 0)
            {
                return 0;
            }
        }

        var count = Math.Min(destination.Length, buffered - taken);
        buffer.AsSpan(taken, count).CopyTo(destination);
        taken += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }

        base.Dispose(disposing);
    }
}
