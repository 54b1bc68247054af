using System.Globalization;
using NodaTime;
using SecPanel.Problems;

namespace SecPanel.Analytics.Logs;

/// <summary>
/// One traffic log file found in a folder: its kind and the month its name puts it in
/// (<c>alerts-2026-11-03.csv</c> is a day of November 2026, <c>alerts-2026-11.csv.gz</c> the whole month).
/// </summary>
/// <param name="Path">Where the file is.</param>
/// <param name="Name">The name it is reported by (relative to the folder the user named).</param>
/// <param name="Kind">What the file holds.</param>
/// <param name="Month">The month its name gives.</param>
public sealed record LogFile(string Path, string Name, LogKind Kind, YearMonth Month)
{
    /// <summary>True when the file is gzip-compressed (its name ends <c>.gz</c>).</summary>
    public bool Compressed => Name.EndsWith(".gz", StringComparison.Ordinal);

    /// <summary>Every <c>.csv</c> and <c>.csv.gz</c> file of <paramref name="folder"/>, classified; a name that is not a traffic log name is a problem.</summary>
    public static Result<IReadOnlyList<LogFile>> InFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return Result<IReadOnlyList<LogFile>>.Failure([new Problem(folder, null, null, File.Exists(folder) ? "a file, not a folder of logs" : "folder not found")]);
        }

        var problems = new List<Problem>();
        var files = new List<LogFile>();
        foreach (var path in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(path);
            if (!name.EndsWith(".csv", StringComparison.Ordinal) && !name.EndsWith(".csv.gz", StringComparison.Ordinal))
            {
                continue;
            }

            var file = Classify(path, name);
            if (file is null)
            {
                problems.Add(new Problem(name, null, null, "not a traffic log name: <kind>-YYYY-MM-DD.csv or <kind>-YYYY-MM.csv (.gz allowed), the kinds being "
                    + string.Join(", ", LogKinds.All.Select(k => k.Prefix()))));
            }
            else
            {
                files.Add(file);
            }
        }

        return Result<IReadOnlyList<LogFile>>.From(files, problems);
    }

    private static LogFile? Classify(string path, string name)
    {
        var stem = name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^".csv.gz".Length] : name[..^".csv".Length];
        foreach (var kind in LogKinds.All)
        {
            var prefix = kind.Prefix() + "-";
            if (!stem.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var date = stem[prefix.Length..];
            if (date.Length == 7 && DateTime.TryParseExact(date, "yyyy'-'MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            {
                return new LogFile(path, name, kind, new YearMonth(month.Year, month.Month));
            }

            if (date.Length == 10 && DateTime.TryParseExact(date, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return new LogFile(path, name, kind, new YearMonth(day.Year, day.Month));
            }

            return null;
        }

        return null;
    }
}
