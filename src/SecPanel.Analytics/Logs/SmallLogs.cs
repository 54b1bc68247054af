using SecPanel.Internals;
using SecPanel.Problems;

namespace SecPanel.Analytics.Logs;

/// <summary>The log files read whole, with the rule data's checks: the forecasts and the outages, a few rows a month.</summary>
internal static class SmallLogs
{
    /// <summary>
    /// Each of <paramref name="files"/> read whole; a compressed one, or one that cannot be read, is
    /// a problem added to <paramref name="problems"/> (<paramref name="what"/> names the kind: "forecast").
    /// </summary>
    public static IEnumerable<(LogFile File, CsvFile Csv)> Read(IEnumerable<LogFile> files, string what, List<Problem> problems)
    {
        foreach (var file in files)
        {
            if (file.Compressed)
            {
                problems.Add(new Problem(file.Name, null, null, $"{what} files are small: write them uncompressed (.csv)"));
                continue;
            }

            var csv = CsvFile.Read(file.Path, file.Name, file.Kind.Columns().ToList(), []);
            problems.AddRange(csv.Problems);
            if (csv.Succeeded)
            {
                yield return (file, csv.Value);
            }
        }
    }
}
