using System.Collections.Frozen;
using NodaTime;
using SecPanel.Internals;
using SecPanel.Problems;

namespace SecPanel.Calendar;

/// <summary>
/// The bank holidays as published, read from an editable data file (by default
/// <c>data/calendar/bank-holidays.csv</c>). For every year that the file lists for a region, the
/// file is the whole truth for that region and year: a new proclamation is a line added, a
/// cancelled holiday a line removed. Years the file does not list follow
/// <see cref="StatutoryPattern"/>.
/// </summary>
public sealed class HolidayList
{
    /// <summary>The columns of the holiday file.</summary>
    public static readonly IReadOnlyList<string> Columns = ["region", "date", "name", "source"];

    private readonly FrozenDictionary<(Region, int), IReadOnlyList<BankHoliday>> listed;

    private HolidayList(Dictionary<(Region, int), IReadOnlyList<BankHoliday>> listed) =>
        this.listed = listed.ToFrozenDictionary();

    /// <summary>A list with no listed years: every year follows the statutory pattern.</summary>
    public static HolidayList PatternOnly { get; } = new([]);

    /// <summary>The holidays listed for <paramref name="region"/> in <paramref name="year"/>, or null when that year is not listed.</summary>
    public IReadOnlyList<BankHoliday>? Listed(Region region, int year) =>
        listed.TryGetValue((region, year), out var holidays) ? holidays : null;

    /// <summary>The years the file lists for <paramref name="region"/>, ascending.</summary>
    public IReadOnlyList<int> ListedYears(Region region) =>
        [.. listed.Keys.Where(k => k.Item1 == region).Select(k => k.Item2).Order()];

    /// <summary>Reads and validates a holiday file.</summary>
    public static Result<HolidayList> Load(string path, string name)
    {
        var csv = CsvFile.Read(path, name, [.. Columns], []);
        return csv.Succeeded ? FromCsv(csv.Value) : Result<HolidayList>.Failure(csv.Problems);
    }

    /// <summary>Parses holiday CSV text already in memory.</summary>
    public static Result<HolidayList> Parse(string text, string name)
    {
        var csv = CsvFile.Parse(text, name, [.. Columns], []);
        return csv.Succeeded ? FromCsv(csv.Value) : Result<HolidayList>.Failure(csv.Problems);
    }

    internal static Result<HolidayList> FromCsv(CsvFile csv)
    {
        var problems = new List<Problem>();
        var seen = new Dictionary<(Region, LocalDate), int>();
        var byYear = new Dictionary<(Region, int), List<BankHoliday>>();
        foreach (var row in csv.Rows)
        {
            var regionText = row.Text("region", problems);
            Region region = default;
            if (regionText is not null && !Regions.TryParse(regionText, out region))
            {
                problems.Add(row.ProblemAt("region", $"unknown region '{regionText}'; the regions are {Regions.KeyList}"));
                regionText = null;
            }

            var date = row.Date("date", problems);
            var holidayName = row.Text("name", problems);
            row.Text("source", problems);
            if (regionText is null || date is not { } day || holidayName is null)
            {
                continue;
            }

            if (StatutoryPattern.IsWeekend(day))
            {
                problems.Add(row.ProblemAt("date", $"{day:uuuu-MM-dd} is a {day.DayOfWeek}; a bank holiday that falls on a weekend is listed on its substitute weekday"));
                continue;
            }

            if (seen.TryGetValue((region, day), out var firstLine))
            {
                problems.Add(row.ProblemAt("date", $"{day:uuuu-MM-dd} is listed twice for {region.Key()} (first on line {firstLine})"));
                continue;
            }

            seen[(region, day)] = row.Line;
            var key = (region, day.Year);
            if (!byYear.TryGetValue(key, out var list))
            {
                byYear[key] = list = [];
            }

            list.Add(new BankHoliday(day, holidayName));
        }

        var result = byYear.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<BankHoliday>)[.. kv.Value.OrderBy(h => h.Date)]);
        return Result<HolidayList>.From(new HolidayList(result), problems);
    }
}
