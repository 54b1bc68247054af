using System.Globalization;
using NodaTime;
using SecPanel.Analytics.Internals;
using SecPanel.Internals;
using SecPanel.Maintenance;
using SecPanel.Problems;

namespace SecPanel.Analytics.Logs;

/// <summary>A time a service was unavailable, from <paramref name="Started"/> up to <paramref name="Ended"/>.</summary>
/// <param name="Id">The outage's identifier in the DCC's monitoring.</param>
/// <param name="Service">The service's key, as <c>planned-maintenance.csv</c> names it.</param>
/// <param name="Started">When it became unavailable.</param>
/// <param name="Ended">When it was available again.</param>
public sealed record Outage(string Id, string Service, Instant Started, Instant Ended);

/// <summary>
/// The month's outage logs (<c>outages-*</c>): small files, read whole, and refused whole at a bad
/// row, as forecasts are, since a row left out would make a service look more available than it was.
/// </summary>
public static class Outages
{
    /// <summary>
    /// The outages of <paramref name="month"/> among <paramref name="files"/>, or null when the month
    /// has no outage file (availability is then not computed: no file is not the same as no outage).
    /// </summary>
    public static Result<IReadOnlyList<Outage>?> Read(IEnumerable<LogFile> files, YearMonth month, MaintenanceRules rules)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(rules);
        var ofMonth = files.Where(f => f.Kind == LogKind.Outages && f.Month == month).ToList();
        if (ofMonth.Count == 0)
        {
            return Result<IReadOnlyList<Outage>?>.Success(null);
        }

        var problems = new List<Problem>();
        var outages = new List<Outage>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var (from, to) = (Timestamp.StartOf(month), Timestamp.StartOf(month.PlusMonths(1)));
        foreach (var (file, csv) in SmallLogs.Read(ofMonth, "outage", problems))
        {
            foreach (var row in csv.Rows)
            {
                var before = problems.Count;
                var id = row.Text("id", problems);
                var service = row.Text("service", problems);
                var started = Time(row, "started", problems);
                var ended = Time(row, "ended", problems);
                if (service is not null && rules.Find(service) is null)
                {
                    problems.Add(row.ProblemAt("service", $"unknown service '{service}'; the services with Planned Maintenance are {rules.KeyList} ({MaintenanceRules.File})"));
                }

                if (started is { } s && ended is { } e && e <= s)
                {
                    problems.Add(row.ProblemAt("ended", $"{Timestamp.Format(e)} is not after the start {Timestamp.Format(s)}"));
                }
                else if (started is { } s2 && ended is { } e2 && (e2 <= from || s2 >= to))
                {
                    problems.Add(row.ProblemAt("started", $"the outage is not in {month.ToString("uuuu-MM", CultureInfo.InvariantCulture)}; a month's file holds the outages that overlap the month"));
                }

                if (id is not null && ids.TryGetValue(id, out var first))
                {
                    problems.Add(row.ProblemAt("id", $"the outage '{id}' is already given ({first})"));
                }

                if (problems.Count > before || id is null || service is null || started is null || ended is null)
                {
                    continue;
                }

                ids[id] = $"{file.Name}:{row.Line}";
                outages.Add(new Outage(id, service, Instant.FromUnixTimeMilliseconds(started.Value), Instant.FromUnixTimeMilliseconds(ended.Value)));
            }
        }

        return problems.Count > 0 ? Result<IReadOnlyList<Outage>?>.Failure(problems) : Result<IReadOnlyList<Outage>?>.Success(outages);
    }

    private static long? Time(CsvRow row, string column, List<Problem> problems)
    {
        var text = row.Text(column, problems);
        if (text is null)
        {
            return null;
        }

        if (Timestamp.TryParse(text, out var milliseconds))
        {
            return milliseconds;
        }

        problems.Add(row.ProblemAt(column, $"'{text}' is not a UTC time of the form yyyy-MM-ddTHH:mm:ss.fffZ"));
        return null;
    }
}
