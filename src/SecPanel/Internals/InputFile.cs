using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SecPanel.Internals;

/// <summary>
/// Reads a case or rule file whole, after checking what it is. Only a regular file, or a link to
/// one, is read: a device such as <c>/dev/zero</c> would be read until the memory ran out, and a
/// FIFO would be waited on until something wrote to it. A file larger than <see cref="MaxBytes"/>
/// is refused before it is read, since it is held in memory whole.
/// </summary>
internal static class InputFile
{
    /// <summary>
    /// The largest case or rule file read: 256 MiB. A file is read whole and its rows kept; a
    /// 37 MB case of a million rows takes about 1.7 GB to import (docs/performance.md), so this
    /// is as much as a machine of a few tens of GB can take, far beyond any file kept by hand.
    /// </summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>Reads the file at <paramref name="path"/> into <paramref name="bytes"/>; null, or why it was not read.</summary>
    public static string? Read(string path, out ArraySegment<byte> bytes)
    {
        bytes = default;
        var info = new FileInfo(path);
        var what = "is";
        if (info.LinkTarget is { } link)
        {
            FileSystemInfo? target;
            try
            {
                target = info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException e)
            {
                // A loop of links, say.
                return $"is a link to '{link}', which cannot be followed: {e.Message}";
            }

            if (target is null || !target.Exists)
            {
                var leads = target is not null && target.FullName != Path.GetFullPath(link, Path.GetDirectoryName(info.FullName)!) ? $", which leads to '{target.FullName}'" : string.Empty;
                return $"is a link to '{link}'{leads}, which does not exist";
            }

            what = $"is a link to '{link}', which is";
        }
        else if (!info.Exists)
        {
            return "file not found";
        }

        if (FileType.Of(path) is { } type)
        {
            return $"{what} not a regular file ({type}); SecPanel reads only regular files";
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length > MaxBytes)
            {
                return TooLarge(length.ToString("N0", CultureInfo.InvariantCulture));
            }

            // The length is where reading starts, not a promise: a file may grow while it is read,
            // and some (those of /proc) say 0 and hold more.
            var buffer = new byte[length + 1];
            var read = 0;
            while (true)
            {
                if (read == buffer.Length)
                {
                    if (read > MaxBytes)
                    {
                        return TooLarge("more than " + MaxBytes.ToString("N0", CultureInfo.InvariantCulture));
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * buffer.Length, 4096), MaxBytes + 1));
                }

                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            bytes = new ArraySegment<byte>(buffer, 0, read);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
    }

    private static string TooLarge(string size) =>
        $"the file is {size} bytes, more than the {MaxBytes.ToString("N0", CultureInfo.InvariantCulture)} (256 MiB) SecPanel reads from one case or rule file";

    /// <summary>
    /// The kind of file a path leads to (links followed), when it is not a regular file or a
    /// folder. .NET has no public way to ask (dotnet/runtime#85148), so this asks stat through the
    /// runtime's own native library, whose <c>FileStatus</c> is the same on every Unix; Windows has
    /// no FIFOs or devices that a file name reaches.
    /// </summary>
    private static class FileType
    {
        private const int Mask = 0xF000;

        private static readonly Dictionary<int, string> Names = new()
        {
            [0x1000] = "a FIFO",
            [0x2000] = "a character device",
            [0x6000] = "a block device",
            [0xC000] = "a socket",
        };

        public static string? Of(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                return null;
            }

            var name = Encoding.UTF8.GetBytes(path + "\0");
            try
            {
                // Should stat fail (a file removed meanwhile, a folder that cannot be searched),
                // opening the file says why, in .NET's words.
                return Stat(name, out var status) == 0 ? Names.GetValueOrDefault(status.Mode & Mask) : null;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A runtime without this function: the file is opened unchecked, as it was before.
                return null;
            }
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Stat(byte[] path, out FileStatus status);

        /// <summary>The start of the runtime's <c>FileStatus</c>; the size leaves room for the fields after it, which are not read.</summary>
        [StructLayout(LayoutKind.Sequential, Size = 256)]
        private struct FileStatus
        {
            public int Flags;
            public int Mode;
        }
    }
}
