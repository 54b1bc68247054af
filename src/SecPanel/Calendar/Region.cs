namespace SecPanel.Calendar;

/// <summary>
/// A bank-holiday region of the United Kingdom. The SEC's Working Days follow England and Wales
/// by default; Scotland and Northern Ireland have holidays of their own.
/// </summary>
public enum Region
{
    /// <summary>England and Wales: the default calendar for SEC Working Days.</summary>
    EnglandAndWales,

    /// <summary>Scotland: 2 January, first Monday of August, St Andrew's Day; no Easter Monday.</summary>
    Scotland,

    /// <summary>Northern Ireland: England and Wales plus St Patrick's Day and the Battle of the Boyne.</summary>
    NorthernIreland,
}

/// <summary>The keys by which regions are written in data files and on the command line.</summary>
public static class Regions
{
    private static readonly (Region Region, string Key)[] Keys =
    [
        (Region.EnglandAndWales, "england-and-wales"),
        (Region.Scotland, "scotland"),
        (Region.NorthernIreland, "northern-ireland"),
    ];

    /// <summary>Every region, in a fixed order.</summary>
    public static IReadOnlyList<Region> All { get; } = [.. Keys.Select(k => k.Region)];

    /// <summary>The key of a region, such as <c>england-and-wales</c>.</summary>
    public static string Key(this Region region) => Keys.Single(k => k.Region == region).Key;

    /// <summary>The region with <paramref name="key"/>, compared without regard to case.</summary>
    public static bool TryParse(string key, out Region region)
    {
        foreach (var (r, k) in Keys)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                region = r;
                return true;
            }
        }

        region = default;
        return false;
    }

    /// <summary>The keys, for messages that list what is accepted.</summary>
    public static string KeyList => string.Join(", ", Keys.Select(k => k.Key));
}
