using NodaTime;
using SecPanel.Calendar;
using SecPanel.Internals;
using SecPanel.Performance;
using SecPanel.Problems;

namespace SecPanel.Maintenance;

/// <summary>
/// A DCC service that has Planned Maintenance: how much notice of a window the rules require, and
/// the availability measure its unavailability counts against (none when no measure is reported).
/// </summary>
/// <param name="Key">The service as the maintenance records and the outage logs name it, such as <c>ssi</c>.</param>
/// <param name="Name">The service's name for people.</param>
/// <param name="Measure">The availability measure, such as <c>CPM6</c>, or null.</param>
/// <param name="NoticeWorkingDays">The Working Days of notice a window requires.</param>
public sealed record MaintainedService(string Key, string Name, string? Measure, int NoticeWorkingDays);

/// <summary>The services with Planned Maintenance (rule file <c>planned-maintenance.csv</c>).</summary>
public sealed class MaintenanceRules
{
    /// <summary>The rule file, relative to the data folder.</summary>
    public const string File = "planned-maintenance.csv";

    /// <summary>The most Working Days of notice a rule may require: about a year.</summary>
    public const int MostNotice = 250;

    internal static readonly CsvSpec Spec = new(File, ["service", "name", "measure", "notice_working_days"], ["note"], FileRequired: true);

    private MaintenanceRules(IReadOnlyList<MaintainedService> services) => Services = services;

    /// <summary>Every service, in file order.</summary>
    public IReadOnlyList<MaintainedService> Services { get; }

    /// <summary>The service <paramref name="key"/>, or null.</summary>
    public MaintainedService? Find(string key) => Services.FirstOrDefault(s => s.Key == key);

    /// <summary>The services' keys, for messages.</summary>
    public string KeyList => string.Join(", ", Services.Select(s => s.Key));

    internal static Result<MaintenanceRules> FromCsv(CsvFile csv, IReadOnlyList<PerformanceMeasure>? measures)
    {
        var problems = new List<Problem>();
        var services = new List<MaintainedService>();
        foreach (var row in csv.Rows)
        {
            var before = problems.Count;
            var key = row.Text("service", problems);
            var name = row.Text("name", problems);
            var notice = row.Count("notice_working_days", problems);
            var measure = row["measure"];
            if (key is not null && ServiceKey.Problem(key) is { } wrong)
            {
                problems.Add(row.ProblemAt("service", wrong));
            }

            if (notice > MostNotice)
            {
                problems.Add(row.ProblemAt("notice_working_days", $"{notice} is more than {MostNotice} Working Days (about a year)"));
            }

            if (measure.Length > 0 && measures is not null && measures.All(m => m.Key != measure))
            {
                problems.Add(row.ProblemAt("measure", $"unknown measure '{measure}'; the measures are {string.Join(", ", measures.Select(m => m.Key))}"));
            }

            if (key is not null && services.Any(s => s.Key == key))
            {
                problems.Add(row.ProblemAt("service", $"the service '{key}' is listed twice"));
            }
            else if (measure.Length > 0 && services.FirstOrDefault(s => s.Measure == measure) is { } other)
            {
                problems.Add(row.ProblemAt("measure", $"the measure {measure} is already the availability of '{other.Key}'; a measure counts one service"));
            }

            if (problems.Count == before && key is not null && name is not null && notice is not null)
            {
                services.Add(new MaintainedService(key, name, measure.Length > 0 ? measure : null, (int)notice.Value));
            }
        }

        return Result<MaintenanceRules>.From(new MaintenanceRules(services), problems);
    }
}

/// <summary>What a service key may be: what the outage logs and the records can both carry.</summary>
internal static class ServiceKey
{
    public static string? Problem(string key) =>
        key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? null
            : $"'{key}' is not a service key: lower-case letters, digits and hyphens only (such as 'ssi')";
}

/// <summary>
/// A window of Planned Maintenance as the DCC notified it: a service, London times from
/// <see cref="Start"/> to <see cref="End"/> (whole minutes; the end not included), and the day
/// Users were told.
/// </summary>
/// <param name="Id">The window's identifier, as the DCC's notice gives it.</param>
/// <param name="Service">The service's key.</param>
/// <param name="Start">The first minute, London time.</param>
/// <param name="End">The minute after the last, London time.</param>
/// <param name="Notified">The day the DCC gave notice of it.</param>
/// <param name="Description">What is done in it, for people.</param>
public sealed record MaintenanceWindow(string Id, string Service, LocalDateTime Start, LocalDateTime End, LocalDate Notified, string Description)
{
    /// <summary>The first instant of the window.</summary>
    public Instant StartsAt => Start.InZoneStrictly(PlannedMaintenance.Zone).ToInstant();

    /// <summary>The instant the window ends.</summary>
    public Instant EndsAt => End.InZoneStrictly(PlannedMaintenance.Zone).ToInstant();

    /// <summary>Its length in whole minutes.</summary>
    public long Minutes => (long)(EndsAt - StartsAt).TotalMinutes;
}

/// <summary>A window against the notice its service requires.</summary>
/// <param name="Window">The window.</param>
/// <param name="ServiceName">Its service's name.</param>
/// <param name="GivenWorkingDays">The Working Days after the notice up to and including the day the window starts.</param>
/// <param name="RequiredWorkingDays">What the rules require.</param>
/// <param name="NoticeDueBy">The last day on which notice would have been enough.</param>
public sealed record MaintenanceNotice(MaintenanceWindow Window, string ServiceName, int GivenWorkingDays, int RequiredWorkingDays, LocalDate NoticeDueBy)
{
    /// <summary>True when less notice was given than the rules require: flagged for OPSG.</summary>
    public bool ShortNotice => GivenWorkingDays < RequiredWorkingDays;
}

/// <summary>Planned Maintenance: notice, and the minutes it takes out of the Target Availability Period.</summary>
public static class PlannedMaintenance
{
    /// <summary>Windows are given in London time.</summary>
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>
    /// The notice given for <paramref name="window"/>: Working Days after the day of notice up to
    /// and including the day it starts, against <paramref name="service"/>'s rule.
    /// </summary>
    public static MaintenanceNotice Notice(MaintenanceWindow window, MaintainedService service, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(calendar);
        var starts = window.Start.Date;
        var dueBy = starts;
        for (var counted = 0; counted < service.NoticeWorkingDays; dueBy = dueBy.PlusDays(-1))
        {
            if (calendar.IsWorkingDay(dueBy))
            {
                counted++;
            }
        }

        return new MaintenanceNotice(window, service.Name, calendar.WorkingDaysBetween(window.Notified, starts), service.NoticeWorkingDays, dueBy);
    }

    /// <summary>
    /// The windows a meeting hears of: those notified, or starting, after the previous meeting up to
    /// and including the meeting, each with its notice; by start, then id.
    /// </summary>
    public static IReadOnlyList<MaintenanceNotice> ForMeeting(IEnumerable<MaintenanceWindow> windows, LocalDate previous, LocalDate date, MaintenanceRules rules, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(rules);
        bool In(LocalDate day) => day > previous && day <= date;
        return [.. windows
            .Where(w => In(w.Notified) || In(w.Start.Date))
            .Select(w => rules.Find(w.Service) is { } service ? Notice(w, service, calendar) : null)
            .OfType<MaintenanceNotice>()
            .OrderBy(n => n.Window.Start).ThenBy(n => n.Window.Id, StringComparer.Ordinal)];
    }
}
