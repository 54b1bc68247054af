namespace SecPanel.Periods;

/// <summary>How often a DCC report is owed: one instance per period of this length, aligned on the calendar year.</summary>
public enum Cadence
{
    /// <summary>Every calendar month.</summary>
    Monthly,

    /// <summary>Every calendar quarter (January to March is Q1).</summary>
    Quarterly,

    /// <summary>Every half year (January to June is H1).</summary>
    HalfYearly,

    /// <summary>Every calendar year.</summary>
    Annual,
}

/// <summary>Names of cadences in data files and in papers.</summary>
public static class Cadences
{
    private static readonly (Cadence Cadence, string Key, string Title, string Unit, int Months)[] Table =
    [
        (Cadence.Monthly, "monthly", "Monthly", "month", 1),
        (Cadence.Quarterly, "quarterly", "Quarterly", "quarter", 3),
        (Cadence.HalfYearly, "half-yearly", "Half-yearly", "half-year", 6),
        (Cadence.Annual, "annual", "Annual", "year", 12),
    ];

    /// <summary>The key used in data files, such as <c>quarterly</c>.</summary>
    public static string Key(this Cadence cadence) => Row(cadence).Key;

    /// <summary>The word a paper uses, such as <c>Quarterly</c>.</summary>
    public static string Title(this Cadence cadence) => Row(cadence).Title;

    /// <summary>The period's unit in prose, such as <c>quarter</c> ("end of quarter").</summary>
    public static string Unit(this Cadence cadence) => Row(cadence).Unit;

    /// <summary>The length of one period in months.</summary>
    public static int Months(this Cadence cadence) => Row(cadence).Months;

    /// <summary>The cadence with <paramref name="key"/>, compared without regard to case.</summary>
    public static bool TryParse(string key, out Cadence cadence)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                cadence = row.Cadence;
                return true;
            }
        }

        cadence = default;
        return false;
    }

    /// <summary>The keys, for messages that list what is accepted.</summary>
    public static string KeyList => string.Join(", ", Table.Select(t => t.Key));

    private static (Cadence Cadence, string Key, string Title, string Unit, int Months) Row(Cadence cadence) =>
        Table.Single(t => t.Cadence == cadence);
}
