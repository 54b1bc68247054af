using System.Globalization;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace SecPanel.Analytics.Logs;

/// <summary>
/// The decompressed bytes of a gzip log file, which must be whole: a file that is not is refused
/// with what is wrong with it, thrown as an <see cref="InvalidDataException"/> whose message says so
/// (truncated, damaged, not gzip data). Decompressed by .NET's <see cref="GZipStream"/> (zlib, which
/// checks each member's CRC-32 and length), which alone ends without a word where a truncated file
/// ends, so that a month would be counted short, and names every other fault "an unsupported
/// compression method".
/// </summary>
/// <remarks>
/// A truncated file is found at its end: after the file's last byte the decompressor is given one
/// more, a byte that cannot begin a gzip member. A decompressor at the end of its last member
/// leaves that byte unread, as what follows the gzip data; one still inside a member (the file
/// ended before the member's end marker) takes it and asks for more, or fails on it. The last 8
/// bytes of the file (the last member's CRC-32 and length) are given on their own, so that a
/// failure on them is named a failed check. What the decompressor does is what zlib does, with no
/// byte looked at here but the first three; the checks cost a comparison per read of its input.
/// </remarks>
internal sealed class GzipLog : ReadOnlyStream
{
    /// <summary>Said of a file that ends before its last member's end marker, the CRC-32 and length after the compressed data.</summary>
    public const string Truncated = "truncated: the compressed data ends before its end marker";

    private const string CheckFailed = "damaged: CRC check failed: the decompressed data does not match the CRC-32 and length written at its end";

    private const string AfterTheEnd = "damaged: bytes after the end of its gzip data are not gzip data";

    private readonly Compressed compressed;
    private readonly GZipStream gzip;
    private bool ended;

    /// <summary>The file open as <paramref name="handle"/>, <paramref name="length"/> bytes; throws if it does not start as gzip data.</summary>
    public GzipLog(SafeFileHandle handle, long length)
    {
        Span<byte> start = stackalloc byte[3];
        var read = RandomAccess.Read(handle, start, 0);
        if (read == 0)
        {
            throw new InvalidDataException("empty: not gzip data though named .gz");
        }

        // 1F 8B begins every gzip member; a file of one byte that could be its start is cut short.
        if (start[0] != 0x1F || (read > 1 && start[1] != 0x8B))
        {
            throw new InvalidDataException("not gzip data though named .gz: it does not start with the gzip signature (1F 8B); a plain log is named .csv");
        }

        if (read > 2 && start[2] != 8)
        {
            throw new InvalidDataException($"not gzip data SecPanel can read: its header names compression method {start[2]}, and gzip has only deflate (8)");
        }

        compressed = new Compressed(new LogStream(handle, [], 0, length), length);
        gzip = new GZipStream(compressed, CompressionMode.Decompress);
    }

    public override int Read(Span<byte> destination)
    {
        if (ended || destination.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = gzip.Read(destination);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(compressed.Fault(), e);
        }

        if (read == 0)
        {
            if (compressed.EndFault() is { } fault)
            {
                throw new InvalidDataException(fault);
            }

            ended = true;
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The file's bytes as the decompressor is given them: its last 8 on their own, then one byte more.</summary>
    private sealed class Compressed(LogStream bytes, long length) : ReadOnlyStream
    {
        /// <summary>Given after the file's end: it cannot begin a gzip member (that begins 1F).</summary>
        private const byte AfterEnd = 0;

        private readonly long trailer = Math.Max(0, length - 8);
        private long end = length;
        private long position;
        private long givenFrom;
        private bool afterEndGiven;
        private bool askedAfterEnd;

        public override int Read(Span<byte> destination)
        {
            if (destination.IsEmpty)
            {
                return 0;
            }

            if (position < end)
            {
                var upTo = position < trailer ? trailer : end;
                var read = bytes.Read(destination[..(int)Math.Min(destination.Length, upTo - position)]);
                if (read > 0)
                {
                    givenFrom = position;
                    position += read;
                    return read;
                }

                // The file is shorter than it was: it ends here.
                end = position;
            }

            if (!afterEndGiven)
            {
                afterEndGiven = true;
                destination[0] = AfterEnd;
                return 1;
            }

            askedAfterEnd = true;
            return 0;
        }

        /// <summary>What is wrong when the decompressor has found its input invalid.</summary>
        public string Fault() =>
            afterEndGiven ? Truncated
            : givenFrom == trailer && trailer >= 10 ? CheckFailed
            : string.Create(CultureInfo.InvariantCulture, $"damaged: the compressed data is corrupt (found by byte {position:N0} of {end:N0})");

        /// <summary>What is wrong, if anything, when the decompressor has ended.</summary>
        public string? EndFault() => !afterEndGiven ? AfterTheEnd : askedAfterEnd ? Truncated : null;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                bytes.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
