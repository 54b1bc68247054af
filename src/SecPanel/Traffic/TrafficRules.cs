using NodaTime;
using SecPanel.Internals;
using SecPanel.Problems;
using SecPanel.Variance;

namespace SecPanel.Traffic;

/// <summary>A DCC service that traffic management protects.</summary>
public enum TrafficService
{
    /// <summary>Service Requests (SECMP0067): Users over their allocation are throttled.</summary>
    ServiceRequests,

    /// <summary>Alerts (SECMP0062): an alert storm is cut down, except alerts of exempt codes.</summary>
    Alerts,
}

/// <summary>The services' names in rule files and JSON.</summary>
public static class TrafficServices
{
    /// <summary>"service-requests" or "alerts".</summary>
    public static string Key(this TrafficService service) => service == TrafficService.ServiceRequests ? "service-requests" : "alerts";

    /// <summary>The service named <paramref name="key"/>, or null.</summary>
    public static TrafficService? Parse(string key) => key switch
    {
        "service-requests" => TrafficService.ServiceRequests,
        "alerts" => TrafficService.Alerts,
        _ => null,
    };
}

/// <summary>How the Users' Service Request allocations are found.</summary>
public enum AllocationRule
{
    /// <summary>Not a Service Request threshold: alerts have no allocations.</summary>
    None,

    /// <summary>Only the allocations of <c>traffic-allocations.csv</c>; a User with none has none.</summary>
    Fixed,

    /// <summary>A User's fixed allocation where it has one, else its share of the operating threshold in proportion to its forecast of the month's Service Requests.</summary>
    ForecastShare,
}

/// <summary>One version of a service's thresholds, in force from <paramref name="From"/> to <paramref name="Until"/> (London dates, both included; no end when null).</summary>
/// <param name="Service">The service.</param>
/// <param name="From">The first day in force.</param>
/// <param name="Until">The last day in force, or null.</param>
/// <param name="CapacityPerMinute">The maximum system capacity, in messages per minute.</param>
/// <param name="OperatingThresholdPerMinute">The operating threshold, below the capacity: above it, traffic is throttled.</param>
/// <param name="Allocation">How the Users' allocations are found (Service Requests only).</param>
public sealed record ServiceThreshold(TrafficService Service, LocalDate From, LocalDate? Until, long CapacityPerMinute, long OperatingThresholdPerMinute, AllocationRule Allocation)
{
    /// <summary>True when in force on <paramref name="date"/>.</summary>
    public bool InForceOn(LocalDate date) => From <= date && (Until is not { } u || date <= u);
}

/// <summary>A User's fixed Service Request allocation, in force from <paramref name="From"/> to <paramref name="Until"/>.</summary>
/// <param name="User">The User, named as in the logs and the store.</param>
/// <param name="From">The first day in force.</param>
/// <param name="Until">The last day in force, or null.</param>
/// <param name="PerMinute">Service Requests per minute the User may send when the system is above its operating threshold.</param>
public sealed record UserAllocation(string User, LocalDate From, LocalDate? Until, long PerMinute)
{
    /// <summary>True when in force on <paramref name="date"/>.</summary>
    public bool InForceOn(LocalDate date) => From <= date && (Until is not { } u || date <= u);
}

/// <summary>An alert code that alert storm protection never drops, from <paramref name="From"/> to <paramref name="Until"/>.</summary>
/// <param name="Code">The alert code, as in the logs (such as <c>AD1</c>).</param>
/// <param name="From">The first day exempt.</param>
/// <param name="Until">The last day exempt, or null.</param>
public sealed record ExemptAlertCode(string Code, LocalDate From, LocalDate? Until)
{
    /// <summary>True when exempt on <paramref name="date"/>.</summary>
    public bool InForceOn(LocalDate date) => From <= date && (Until is not { } u || date <= u);
}

/// <summary>
/// The traffic management rules (SECMP0067 and SECMP0062): per service a maximum capacity and an
/// operating threshold, the Users' Service Request allocations, and the alert codes never throttled;
/// each row versioned by the London dates it is in force. Read from three rule files, validated with
/// every problem located; two versions of one thing in force on the same day are refused.
/// </summary>
public sealed class TrafficRules
{
    /// <summary>The thresholds, relative to the data folder.</summary>
    public const string ThresholdsFile = "traffic-thresholds.csv";

    /// <summary>The Users' fixed allocations, relative to the data folder.</summary>
    public const string AllocationsFile = "traffic-allocations.csv";

    /// <summary>The exempt alert codes, relative to the data folder.</summary>
    public const string ExemptFile = "traffic-exempt-alerts.csv";

    /// <summary>The zone whose dates the rules' from and until are: a version starts at midnight in London.</summary>
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>The largest rate a rule may give: a million messages a second.</summary>
    public const long MostPerMinute = 60_000_000;

    private const string Most = "60,000,000";

    internal static readonly CsvSpec ThresholdsSpec = new(ThresholdsFile, ["service", "from", "until", "capacity_per_minute", "operating_threshold_per_minute", "allocation"], ["note"], FileRequired: true);
    internal static readonly CsvSpec AllocationsSpec = new(AllocationsFile, ["user", "from", "until", "allocation_per_minute"], ["note"], FileRequired: true);
    internal static readonly CsvSpec ExemptSpec = new(ExemptFile, ["alert_code", "from", "until"], ["note"], FileRequired: true);

    private TrafficRules(IReadOnlyList<ServiceThreshold> thresholds, IReadOnlyList<UserAllocation> allocations, IReadOnlyList<ExemptAlertCode> exempt)
    {
        Thresholds = thresholds;
        Allocations = allocations;
        ExemptCodes = exempt;
    }

    /// <summary>Every version of every service's thresholds, in file order.</summary>
    public IReadOnlyList<ServiceThreshold> Thresholds { get; }

    /// <summary>Every fixed allocation, in file order.</summary>
    public IReadOnlyList<UserAllocation> Allocations { get; }

    /// <summary>Every exempt alert code, in file order.</summary>
    public IReadOnlyList<ExemptAlertCode> ExemptCodes { get; }

    /// <summary>The thresholds of <paramref name="service"/> in force on <paramref name="date"/>, or null when none is.</summary>
    public ServiceThreshold? ThresholdOn(TrafficService service, LocalDate date) => Thresholds.FirstOrDefault(t => t.Service == service && t.InForceOn(date));

    /// <summary>The fixed allocation of <paramref name="user"/> in force on <paramref name="date"/>, or null.</summary>
    public UserAllocation? AllocationOn(string user, LocalDate date) => Allocations.FirstOrDefault(a => a.User == user && a.InForceOn(date));

    /// <summary>The alert codes exempt on <paramref name="date"/>.</summary>
    public IReadOnlySet<string> ExemptOn(LocalDate date) => ExemptCodes.Where(c => c.InForceOn(date)).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every alert code exempt on some day from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public IReadOnlySet<string> ExemptBetween(LocalDate first, LocalDate last) =>
        ExemptCodes.Where(c => c.From <= last && (c.Until is not { } u || u >= first)).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads the three files from <paramref name="folder"/> (a data folder, or a folder of these files alone); problems name them as <paramref name="displayFolder"/>/file.</summary>
    public static Result<TrafficRules> Load(string folder, string displayFolder) => Read(new FolderSource(folder, displayFolder));

    internal static Result<TrafficRules> Read(ICsvSource source)
    {
        var problems = new List<Problem>();
        var thresholds = source.Open(ThresholdsSpec, problems) is { } t ? ThresholdsFrom(t, problems) : null;
        var allocations = source.Open(AllocationsSpec, problems) is { } a ? AllocationsFrom(a, problems) : null;
        var exempt = source.Open(ExemptSpec, problems) is { } e ? ExemptFrom(e, problems) : null;
        return problems.Count > 0 || thresholds is null || allocations is null || exempt is null
            ? Result<TrafficRules>.Failure(problems)
            : Result<TrafficRules>.Success(new TrafficRules(thresholds, allocations, exempt));
    }

    private static List<ServiceThreshold> ThresholdsFrom(CsvFile csv, List<Problem> problems)
    {
        var found = new List<(ServiceThreshold Rule, CsvRow Row)>();
        foreach (var row in csv.Rows)
        {
            var before = problems.Count;
            var serviceText = row.Text("service", problems);
            TrafficService? service = serviceText switch
            {
                null => null,
                _ when TrafficServices.Parse(serviceText) is { } known => known,
                _ => Refuse<TrafficService>(row, "service", $"'{serviceText}' is not a service: service-requests or alerts", problems),
            };
            var (from, until) = Dates(row, problems);
            var capacity = Rate(row, "capacity_per_minute", problems);
            var threshold = Rate(row, "operating_threshold_per_minute", problems);
            if (capacity is { } c && threshold is { } o && o >= c)
            {
                problems.Add(row.ProblemAt("operating_threshold_per_minute", $"{o} is not below the capacity {c}: the operating threshold is below the maximum capacity"));
            }

            var allocationText = row["allocation"];
            AllocationRule? allocation = (service, allocationText) switch
            {
                (TrafficService.Alerts, "") => AllocationRule.None,
                (TrafficService.Alerts, _) => Refuse<AllocationRule>(row, "allocation", $"'{allocationText}': alerts have no allocations (leave it empty)", problems),
                (_, "fixed") => AllocationRule.Fixed,
                (_, "forecast-share") => AllocationRule.ForecastShare,
                (TrafficService.ServiceRequests, "") => Refuse<AllocationRule>(row, "allocation", "a value is required for service-requests: fixed or forecast-share", problems),
                (TrafficService.ServiceRequests, _) => Refuse<AllocationRule>(row, "allocation", $"'{allocationText}' is neither fixed nor forecast-share", problems),
                _ => null,
            };
            if (problems.Count == before && service is { } s && from is { } f && capacity is { } cap && threshold is { } op && allocation is { } al)
            {
                var rule = new ServiceThreshold(s, f, until, cap, op, al);
                if (found.FirstOrDefault(x => x.Rule.Service == s && Overlap(x.Rule.From, x.Rule.Until, f, until)) is { Row: { } other })
                {
                    problems.Add(row.ProblemAt("from", $"{serviceText} already has thresholds in force on some of these days (line {other.Line}): versions of a service follow one another"));
                    continue;
                }

                found.Add((rule, row));
            }
        }

        foreach (var service in Enum.GetValues<TrafficService>().Where(s => problems.Count == 0 && found.All(x => x.Rule.Service != s)))
        {
            problems.Add(new Problem(csv.Name, null, null, $"no thresholds for {service.Key()}"));
        }

        return [.. found.Select(x => x.Rule)];
    }

    private static List<UserAllocation> AllocationsFrom(CsvFile csv, List<Problem> problems)
    {
        var found = new List<(UserAllocation Rule, CsvRow Row)>();
        foreach (var row in csv.Rows)
        {
            var before = problems.Count;
            var user = row.Text("user", problems);
            if (user is not null && UserName.Problem(user) is { } refused)
            {
                problems.Add(row.ProblemAt("user", refused));
            }

            var (from, until) = Dates(row, problems);
            // Zero is an allocation: such a User is throttled to nothing above the operating threshold.
            var perMinute = row.Count("allocation_per_minute", problems);
            if (perMinute > MostPerMinute)
            {
                problems.Add(row.ProblemAt("allocation_per_minute", $"{perMinute} is more than {Most} messages a minute"));
            }

            if (problems.Count == before && user is not null && from is { } f && perMinute is { } n)
            {
                if (found.FirstOrDefault(x => x.Rule.User == user && Overlap(x.Rule.From, x.Rule.Until, f, until)) is { Row: { } other })
                {
                    problems.Add(row.ProblemAt("from", $"{user} already has an allocation in force on some of these days (line {other.Line})"));
                    continue;
                }

                found.Add((new UserAllocation(user, f, until, n), row));
            }
        }

        return [.. found.Select(x => x.Rule)];
    }

    private static List<ExemptAlertCode> ExemptFrom(CsvFile csv, List<Problem> problems)
    {
        var found = new List<(ExemptAlertCode Rule, CsvRow Row)>();
        foreach (var row in csv.Rows)
        {
            var before = problems.Count;
            var code = row.Text("alert_code", problems);
            if (code is not null && (code.Length > 16 || !code.All(char.IsAsciiLetterOrDigit)))
            {
                problems.Add(row.ProblemAt("alert_code", $"'{code}' is not an alert code: letters and digits, at most 16"));
            }

            var (from, until) = Dates(row, problems);
            if (problems.Count == before && code is not null && from is { } f)
            {
                if (found.FirstOrDefault(x => x.Rule.Code == code && Overlap(x.Rule.From, x.Rule.Until, f, until)) is { Row: { } other })
                {
                    problems.Add(row.ProblemAt("from", $"{code} is already exempt on some of these days (line {other.Line})"));
                    continue;
                }

                found.Add((new ExemptAlertCode(code, f, until), row));
            }
        }

        return [.. found.Select(x => x.Rule)];
    }

    private static T? Refuse<T>(CsvRow row, string column, string message, List<Problem> problems)
        where T : struct
    {
        problems.Add(row.ProblemAt(column, message));
        return null;
    }

    private static (LocalDate? From, LocalDate? Until) Dates(CsvRow row, List<Problem> problems)
    {
        var from = row.Date("from", problems);
        var until = row.OptionalDate("until", problems);
        if (from is { } f && until is { } u && u < f)
        {
            problems.Add(row.ProblemAt("until", $"{u:uuuu-MM-dd} is before {f:uuuu-MM-dd}"));
            return (from, null);
        }

        return (from, until);
    }

    private static long? Rate(CsvRow row, string column, List<Problem> problems)
    {
        var n = row.Count(column, problems);
        if (n is 0 or > MostPerMinute)
        {
            problems.Add(row.ProblemAt(column, $"{n} is not from 1 to {Most} messages a minute"));
            return null;
        }

        return n;
    }

    private static bool Overlap(LocalDate from1, LocalDate? until1, LocalDate from2, LocalDate? until2) =>
        (until2 is not { } u2 || from1 <= u2) && (until1 is not { } u1 || from2 <= u1);
}
