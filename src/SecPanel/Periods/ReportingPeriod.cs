using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace SecPanel.Periods;

/// <summary>
/// The period one instance of a report covers: a month, quarter, half year or year, written
/// <c>2018-04</c>, <c>2018-Q2</c>, <c>2018-H1</c> or <c>2018</c>. <see cref="Index"/> counts
/// periods of the cadence within the year from 1. Both <see cref="Start"/> and <see cref="End"/>
/// are inside the period.
/// </summary>
public readonly partial record struct ReportingPeriod : IComparable<ReportingPeriod>
{
    private ReportingPeriod(Cadence cadence, int year, int index)
    {
        Cadence = cadence;
        Year = year;
        Index = index;
    }

    /// <summary>The cadence that gives the period its length.</summary>
    public Cadence Cadence { get; }

    /// <summary>The calendar year the period is in.</summary>
    public int Year { get; }

    /// <summary>The period's number within the year, from 1 (month 1-12, quarter 1-4, half 1-2, year 1).</summary>
    public int Index { get; }

    /// <summary>The first day of the period.</summary>
    public LocalDate Start => new(Year, ((Index - 1) * Cadence.Months()) + 1, 1);

    /// <summary>The last day of the period.</summary>
    public LocalDate End => Start.PlusMonths(Cadence.Months()).PlusDays(-1);

    /// <summary>The period after this one.</summary>
    public ReportingPeriod Next() => Containing(Cadence, End.PlusDays(1));

    /// <summary>The period of <paramref name="cadence"/> that contains <paramref name="date"/>.</summary>
    public static ReportingPeriod Containing(Cadence cadence, LocalDate date) =>
        new(cadence, date.Year, ((date.Month - 1) / cadence.Months()) + 1);

    /// <summary>Parses a period written for an obligation of <paramref name="cadence"/>; on failure, <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, Cadence cadence, out ReportingPeriod period, out string error)
    {
        period = default;
        var match = PeriodPattern().Match(text.Trim());
        if (!match.Success)
        {
            error = $"'{text}' is not a period; write {Example(cadence)}";
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var written = match.Groups["month"].Success ? Cadence.Monthly
            : match.Groups["quarter"].Success ? Cadence.Quarterly
            : match.Groups["half"].Success ? Cadence.HalfYearly
            : Cadence.Annual;
        if (written != cadence)
        {
            error = $"'{text}' is a {written.Unit()} but the obligation is {cadence.Key()}; write {Example(cadence)}";
            return false;
        }

        var index = written switch
        {
            Cadence.Monthly => int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture),
            Cadence.Quarterly => int.Parse(match.Groups["quarter"].Value, CultureInfo.InvariantCulture),
            Cadence.HalfYearly => int.Parse(match.Groups["half"].Value, CultureInfo.InvariantCulture),
            _ => 1,
        };
        if (!Calendar.SupportedDates.Contains(year))
        {
            error = $"'{text}' is outside the periods kept: {Calendar.SupportedDates.Range}";
            return false;
        }

        if (index < 1 || index > 12 / cadence.Months())
        {
            error = $"'{text}' is not a real {cadence.Unit()}";
            return false;
        }

        period = new ReportingPeriod(cadence, year, index);
        error = string.Empty;
        return true;
    }

    /// <summary>How a period of <paramref name="cadence"/> is written, for messages.</summary>
    public static string Example(Cadence cadence) => cadence switch
    {
        Cadence.Monthly => "YYYY-MM, such as 2018-04",
        Cadence.Quarterly => "YYYY-Qn, such as 2018-Q2",
        Cadence.HalfYearly => "YYYY-Hn, such as 2018-H1",
        _ => "YYYY, such as 2018",
    };

    /// <summary>The name a paper uses: "April 2018", "Q2 2018", "H1 2018", "2018".</summary>
    public string Title => Cadence switch
    {
        Cadence.Monthly => Start.ToString("MMMM uuuu", CultureInfo.InvariantCulture),
        Cadence.Quarterly => $"Q{Index} {Year}",
        Cadence.HalfYearly => $"H{Index} {Year}",
        _ => Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    public int CompareTo(ReportingPeriod other) => Start.CompareTo(other.Start);

    /// <summary>The period as written in data files: <c>2018-04</c>, <c>2018-Q2</c>, <c>2018-H1</c>, <c>2018</c>.</summary>
    public override string ToString() => Cadence switch
    {
        Cadence.Monthly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}"),
        Cadence.Quarterly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Index}"),
        Cadence.HalfYearly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-H{Index}"),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    /// <summary>Compares periods by start date.</summary>
    public static bool operator <(ReportingPeriod left, ReportingPeriod right) => left.CompareTo(right) < 0;

    /// <summary>Compares periods by start date.</summary>
    public static bool operator >(ReportingPeriod left, ReportingPeriod right) => left.CompareTo(right) > 0;

    /// <summary>Compares periods by start date.</summary>
    public static bool operator <=(ReportingPeriod left, ReportingPeriod right) => left.CompareTo(right) <= 0;

    /// <summary>Compares periods by start date.</summary>
    public static bool operator >=(ReportingPeriod left, ReportingPeriod right) => left.CompareTo(right) >= 0;

    // ASCII digits only: \d would take "２０１８" (full-width digits), which no one means and int.Parse refuses.
    [GeneratedRegex(@"^(?<year>[0-9]{4})(-(?<month>[0-9]{2})|-[Qq](?<quarter>[0-9])|-[Hh](?<half>[0-9]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodPattern();
}
