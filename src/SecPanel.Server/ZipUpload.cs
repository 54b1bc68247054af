using System.IO.Compression;
using System.Text;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>Why an upload could not be read: the HTTP status and what to tell the caller.</summary>
internal sealed class UploadException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}

/// <summary>
/// A case folder uploaded as a zip: its CSV files read as text, with limits that keep a hostile
/// archive from filling the server (a zip bomb) or naming files outside the folder (zip slip).
/// Nothing is written to disk.
/// </summary>
internal static class ZipUpload
{
    /// <summary>The most text the files of one upload may expand to.</summary>
    public const long MaxTextBytes = 256L * 1024 * 1024;

    /// <summary>The most entries an uploaded zip may hold.</summary>
    public const int MaxEntries = 1_000;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The CSV files of the zip in <paramref name="zip"/>, named by their path in the case folder
    /// (one folder around them all, as a zipped folder has, is taken off). Other files (a README) are
    /// left out; a CSV file SecPanel does not import is kept, for the import to refuse by name.
    /// </summary>
    public static List<ImportText> Read(Stream zip, string display)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException e)
        {
            throw new UploadException(400, "Not a zip file", $"{display} is not a zip file: {e.Message}");
        }

        using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                throw new UploadException(413, "Too many files", $"{display} holds {archive.Entries.Count:N0} entries; an upload holds at most {MaxEntries:N0}.");
            }

            var entries = new List<(string Name, ZipArchiveEntry Entry)>();
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (Climbs(name))
                {
                    throw new UploadException(400, "A path outside the folder", $"{display}: the entry '{Printable(name)}' names a place outside the folder it was zipped from; nothing was read.");
                }

                if (!name.EndsWith('/') && name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("__MACOSX/", StringComparison.Ordinal))
                {
                    entries.Add((name, entry));
                }
            }

            if (entries.Count == 0)
            {
                throw new UploadException(422, "No files to import", $"{display} holds no CSV file; SecPanel imports {string.Join(", ", Store.ImportedPaths)}.");
            }

            // A zipped folder has every file under one folder of its own: its files are read as the
            // case folder's, unless that folder is rules/ itself.
            var top = entries[0].Name.Split('/')[0] + "/";
            var strip = entries.All(e => e.Name.StartsWith(top, StringComparison.Ordinal)) && top != "rules/" ? top.Length : 0;

            var files = new List<ImportText>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long total = 0;
            foreach (var (name, entry) in entries)
            {
                var path = name[strip..];
                if (!seen.Add(path))
                {
                    throw new UploadException(400, "A file twice", $"{display}: '{Printable(name)}' is in the zip twice.");
                }

                // The sizes a zip declares can lie: the text is counted as it is inflated.
                using var inflated = entry.Open();
                using var text = new MemoryStream();
                var buffer = new byte[81920];
                int read;
                while ((read = inflated.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > MaxTextBytes)
                    {
                        throw new UploadException(413, "Too large unzipped", $"{display} expands to more than {MaxTextBytes / (1024 * 1024):N0} MB of files; an upload's files hold at most that. Nothing was read.");
                    }

                    text.Write(buffer, 0, read);
                }

                files.Add(new ImportText(path, $"{display}/{name}", Decode(text.GetBuffer().AsSpan(0, (int)text.Length), $"{display}/{name}")));
            }

            return files;
        }
    }

    /// <summary>The text of an uploaded file: UTF-8, with or without a byte order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string display)
    {
        try
        {
            var text = Strict.GetString(bytes);
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            throw new UploadException(400, "Not UTF-8 text", $"{display} is not UTF-8 text (a byte that cannot be UTF-8 at offset {e.Index}); save it as UTF-8 CSV.");
        }
    }

    /// <summary>Whether an entry's name would put a file outside its folder: '..' as a part, a root, a drive or a '\'.</summary>
    private static bool Climbs(string name) =>
        name.StartsWith('/') || name.Contains('\\') || name.Contains(':') || name.Contains('\0') || name.Split('/').Any(part => part == "..");

    private static string Printable(string name) => AuditActor.Printable(name.Length > 200 ? name[..200] + "..." : name);
}
