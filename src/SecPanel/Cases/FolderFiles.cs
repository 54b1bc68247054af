using SecPanel.Problems;

namespace SecPanel.Cases;

/// <summary>
/// The CSV files of a folder that SecPanel does not read: a file it would skip silently
/// ("Deliveries.csv", "deliveries.csv " with a space, "deliverys.csv") is named, with the name
/// meant where one is near. Files that are not CSV (a README) are left alone.
/// </summary>
internal static class FolderFiles
{
    /// <summary>
    /// A problem for each file of <paramref name="folder"/> (and of its <c>rules/</c>) that is not one
    /// of <paramref name="known"/> (paths relative to the folder, such as <c>rules/obligations.csv</c>)
    /// but looks like a CSV file or like one of them.
    /// </summary>
    public static List<Problem> NotRead(string folder, string display, IReadOnlyCollection<string> known)
    {
        var problems = new List<Problem>();
        foreach (var (sub, prefix) in new[] { (folder, string.Empty), (Path.Combine(folder, CaseFolder.RulesFolder), CaseFolder.RulesFolder + "/") })
        {
            if (!Directory.Exists(sub))
            {
                continue;
            }

            var names = known.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !k[prefix.Length..].Contains('/', StringComparison.Ordinal)).Select(k => k[prefix.Length..]).ToList();
            foreach (var entry in Directory.EnumerateFileSystemEntries(sub).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal))
            {
                if (names.Contains(entry, StringComparer.Ordinal))
                {
                    continue;
                }

                var near = NearestName.To(entry.Trim().ToLowerInvariant(), names);
                var looksCsv = entry.Trim().EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
                if (near is null && !looksCsv)
                {
                    continue;
                }

                var where = $"{display.TrimEnd('/')}/{prefix}{entry}";
                problems.Add(new Problem(where, null, null, near is not null
                    ? $"is not a file SecPanel reads; did you mean '{near}'? (names are matched exactly, in lower case, without spaces)"
                    : $"is not a file SecPanel reads here; the files are {string.Join(", ", names)}"));
            }
        }

        return problems;
    }
}
