using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SecPanel.Problems;
using SecPanel.Variance;

namespace SecPanel.Analytics.Logs;

/// <summary>
/// The forecasts for one month: each User's Service Requests (in total, and per Service Reference
/// Variant where given) and each Authorised Subscriber's CSRs.
/// </summary>
public sealed class Forecasts
{
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    /// <summary>Each User's forecast of its Service Requests: the row with no variant, else the sum of its variant rows.</summary>
    public IReadOnlyDictionary<string, long> Users { get; private init; } = new Dictionary<string, long>();

    /// <summary>Forecasts per User and Service Reference Variant, where given.</summary>
    public IReadOnlyDictionary<(string User, string Variant), long> UserVariants { get; private init; } = new Dictionary<(string, string), long>();

    /// <summary>Each Authorised Subscriber's forecast of its CSRs.</summary>
    public IReadOnlyDictionary<string, long> Subscribers { get; private init; } = new Dictionary<string, long>();

    /// <summary>Forecasts given whole (as a cluster keeps them).</summary>
    internal static Forecasts Of(IReadOnlyDictionary<string, long> users, IReadOnlyDictionary<(string User, string Variant), long> variants, IReadOnlyDictionary<string, long> subscribers) =>
        new() { Users = users, UserVariants = variants, Subscribers = subscribers };

    /// <summary>Reads the forecast files among <paramref name="files"/>, keeping the rows for <paramref name="month"/>.</summary>
    public static Result<Forecasts> Read(IEnumerable<LogFile> files, YearMonth month)
    {
        var problems = new List<Problem>();
        var users = new Dictionary<string, long>(StringComparer.Ordinal);
        var variants = new Dictionary<(string, string), long>();
        var subscribers = new Dictionary<string, long>(StringComparer.Ordinal);

        // The month's forecasts of each kind, every line added together, must fit in a count: the
        // report's total forecast, and a User's from its variants, are sums of them.
        var sums = new Dictionary<LogKind, long>();
        foreach (var (file, csv) in SmallLogs.Read(files.Where(f => f.Kind is LogKind.SrForecasts or LogKind.CsrForecasts), "forecast", problems))
        {
            foreach (var row in csv.Rows)
            {
                var monthText = row.Text("month", problems);
                var parsed = monthText is null ? null : MonthPattern.Parse(monthText);
                if (parsed is { Success: false })
                {
                    problems.Add(row.ProblemAt("month", $"'{monthText}' is not a month of the form YYYY-MM"));
                    continue;
                }

                var forecast = row.Count("forecast", problems);
                var whoColumn = file.Kind == LogKind.SrForecasts ? "user" : "subscriber";
                var who = row.Text(whoColumn, problems);
                // A forecast gives its User a line of the report: the name must be one the store keeps.
                if (who is not null && UserName.Problem(who) is { } wrongName)
                {
                    problems.Add(row.ProblemAt(whoColumn, wrongName));
                    continue;
                }

                if (parsed is null || forecast is not { } value || who is null || parsed.Value != month)
                {
                    continue;
                }

                var sum = unchecked(sums.GetValueOrDefault(file.Kind) + value);
                if (sum < 0)
                {
                    problems.Add(row.ProblemAt("forecast", $"the {(file.Kind == LogKind.CsrForecasts ? "CSR" : "Service Request")} forecasts of {monthText} add up to more than {long.MaxValue.ToString("N0", CultureInfo.InvariantCulture)}, the most SecPanel can count; a month's forecasts must add up to no more than that"));
                    continue;
                }

                sums[file.Kind] = sum;
                var added = file.Kind == LogKind.CsrForecasts
                    ? subscribers.TryAdd(who, value)
                    : row["srv"].Length == 0 ? users.TryAdd(who, value) : variants.TryAdd((who, row["srv"]), value);
                if (!added)
                {
                    problems.Add(row.ProblemAt(null, $"a forecast for {who}{(row["srv"].Length > 0 ? " " + row["srv"] : "")} in {monthText} is already given"));
                }
            }
        }

        foreach (var group in variants.GroupBy(v => v.Key.Item1).Where(g => !users.ContainsKey(g.Key)))
        {
            users.Add(group.Key, group.Sum(v => v.Value));
        }

        return Result<Forecasts>.From(new Forecasts { Users = users, UserVariants = variants, Subscribers = subscribers }, problems);
    }
}
