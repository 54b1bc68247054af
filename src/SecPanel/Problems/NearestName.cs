namespace SecPanel.Problems;

/// <summary>
/// "Did you mean ...?": the known name nearest a misspelt one, for messages that suggest the right
/// option, command or file name.
/// </summary>
public static class NearestName
{
    /// <summary>The name nearest <paramref name="word"/> by edit distance, when near enough to be what was meant (a third of its letters, at least two).</summary>
    public static string? To(string word, IEnumerable<string> names)
    {
        var nearest = names
            .Select(n => (Name: n, Distance: Distance(word, n)))
            .OrderBy(n => n.Distance)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return nearest.Name is not null && nearest.Distance <= Math.Max(2, word.Length / 3) ? nearest.Name : null;
    }

    /// <summary>The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each count one.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
