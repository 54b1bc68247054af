using SecPanel.Storage;

namespace SecPanel.Cli;

/// <summary>
/// Checks of the places a command is told to write, made before anything is written, so that a
/// file in the way or a missing folder is one line naming the option and the path, not an exception.
/// </summary>
internal static class Places
{
    /// <summary>Makes <paramref name="folder"/> ready to write into (creating it if need be); null, or why it cannot be.</summary>
    public static string? ToWriteInto(string folder, string option)
    {
        if (System.IO.File.Exists(folder))
        {
            return $"{option}: '{folder}' is a file, not a folder";
        }

        if (FileInTheWay(folder) is { } file)
        {
            return $"{option}: '{folder}' cannot be a folder: '{file}' is a file";
        }

        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option}: cannot create the folder '{folder}': {Reason(e)}";
        }
    }

    /// <summary>Whether <paramref name="file"/> can be created or opened as a file: its folder exists and it is not a folder; null, or why not.</summary>
    public static string? ToWrite(string file, string option)
    {
        if (Directory.Exists(file))
        {
            return $"{option}: '{file}' is a folder; name a file";
        }

        if (FileInTheWay(file) is { } blocker)
        {
            return $"{option}: '{file}' cannot be written: '{blocker}' is a file, not a folder";
        }

        var folder = Path.GetDirectoryName(file);
        return string.IsNullOrEmpty(folder) || Directory.Exists(folder)
            ? null
            : $"{option}: '{file}' cannot be written: the folder '{folder}' does not exist; create it first";
    }

    /// <summary>For a SQLite store, <see cref="ToWrite"/> of its file; a PostgreSQL store has no place on disk to check.</summary>
    public static string? Store(StoreLocation location, string option) =>
        location.Kind == StoreKind.Sqlite ? ToWrite(location.ConnectionString, option) : null;

    /// <summary>What went wrong with a file or folder, in a line: .NET's own message names the path.</summary>
    public static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => $"permission denied ({e.Message})",
        _ => e.Message,
    };

    /// <summary>The nearest enclosing path of <paramref name="path"/> that is a file, where a folder would have to be.</summary>
    private static string? FileInTheWay(string path)
    {
        for (var above = Path.GetDirectoryName(path); !string.IsNullOrEmpty(above); above = Path.GetDirectoryName(above))
        {
            if (System.IO.File.Exists(above))
            {
                return above;
            }
        }

        return null;
    }
}
