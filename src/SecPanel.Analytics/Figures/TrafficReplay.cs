using NodaTime;
using SecPanel.Analytics.Logs;
using SecPanel.Traffic;

namespace SecPanel.Analytics.Figures;

/// <summary>A User's allocation over some days of the month: the same on each of them.</summary>
/// <param name="From">The first day (London date).</param>
/// <param name="Until">The last day.</param>
/// <param name="PerMinute">Service Requests a minute; null where no Service Request thresholds were in force.</param>
public sealed record AllocationSpan(LocalDate From, LocalDate Until, long? PerMinute);

/// <summary>What a replay did to one User's messages in a service.</summary>
/// <param name="User">The User (the sender of Service Requests, the recipient of alerts).</param>
/// <param name="Allocations">Its Service Request allocations over the month; empty for alerts.</param>
/// <param name="Messages">Its messages in the month.</param>
/// <param name="PeakPerMinute">Its busiest minute's count.</param>
/// <param name="MinutesCut">Minutes in which some of its messages were deferred (dropped, for alerts).</param>
/// <param name="Cut">Its messages deferred (dropped).</param>
/// <param name="FirstMinute">The first minute it was cut, as minutes from the month's start; null if never.</param>
/// <param name="LastMinute">The last such minute.</param>
public sealed record ReplayUser(string User, IReadOnlyList<AllocationSpan> Allocations, long Messages, long PeakPerMinute, int MinutesCut, long Cut, int? FirstMinute, int? LastMinute);

/// <summary>One minute above the operating threshold.</summary>
/// <param name="Minute">Minutes from the month's start.</param>
/// <param name="Messages">Messages offered in it.</param>
/// <param name="Threshold">The operating threshold in force.</param>
/// <param name="Capacity">The capacity in force.</param>
/// <param name="Exempt">Alerts of exempt codes in it (never cut); 0 for Service Requests.</param>
/// <param name="Cut">Messages deferred (Service Requests) or dropped (alerts).</param>
public sealed record ReplayMinute(int Minute, long Messages, long Threshold, long Capacity, long Exempt, long Cut)
{
    /// <summary>The messages let through.</summary>
    public long Admitted => Messages - Cut;
}

/// <summary>Minutes above the operating threshold one after another.</summary>
/// <param name="FirstMinute">The first, from the month's start.</param>
/// <param name="LastMinute">The last.</param>
/// <param name="Peak">The busiest minute's messages.</param>
/// <param name="Cut">Messages deferred or dropped in it.</param>
/// <param name="Users">The Users cut in it, in ordinal order.</param>
public sealed record ReplayEpisode(int FirstMinute, int LastMinute, long Peak, long Cut, IReadOnlyList<string> Users)
{
    /// <summary>How many minutes it lasted.</summary>
    public int Minutes => LastMinute - FirstMinute + 1;
}

/// <summary>A service replayed under its thresholds for a month, minute by minute.</summary>
/// <param name="Service">The service.</param>
/// <param name="Messages">Its messages in the month.</param>
/// <param name="PeakMinute">The busiest minute (the earliest, on a tie).</param>
/// <param name="Peak">Its messages.</param>
/// <param name="PeakUtilisationMinute">The minute using most of the capacity in force (the earliest, on a tie); null when no capacity was in force.</param>
/// <param name="PeakUtilisation">That minute's messages as a percentage of the capacity, unrounded.</param>
/// <param name="MinutesWithoutRules">Minutes on days with no thresholds in force for the service: not replayed.</param>
/// <param name="MinutesAboveThreshold">Minutes offering more than the operating threshold.</param>
/// <param name="MinutesAboveCapacity">Minutes offering more than the capacity.</param>
/// <param name="MinutesCut">Minutes in which messages were deferred (dropped).</param>
/// <param name="Cut">Messages deferred (Service Requests) or dropped (alerts).</param>
/// <param name="MinutesAboveCapacityAfter">Minutes still above the capacity after throttling: what allocations or exempt alerts let through.</param>
/// <param name="Minutes">Every minute above the operating threshold.</param>
/// <param name="Episodes">Those minutes as runs.</param>
/// <param name="Users">Every User with messages in the service, in ordinal order.</param>
public sealed record ServiceReplay(
    TrafficService Service,
    long Messages,
    int PeakMinute,
    long Peak,
    int? PeakUtilisationMinute,
    decimal? PeakUtilisation,
    int MinutesWithoutRules,
    int MinutesAboveThreshold,
    int MinutesAboveCapacity,
    int MinutesCut,
    long Cut,
    int MinutesAboveCapacityAfter,
    IReadOnlyList<ReplayMinute> Minutes,
    IReadOnlyList<ReplayEpisode> Episodes,
    IReadOnlyList<ReplayUser> Users);

/// <summary>
/// A month of traffic replayed under the traffic management rules (docs/traffic-management.md):
/// Service Requests throttled per User above the operating threshold, alerts cut by alert storm
/// protection except exempt codes. Computed from a <see cref="TrafficPartial"/>, so the logs are read
/// once by the same reader as <c>traffic analyse</c>, and partials of separate files merge first.
/// </summary>
/// <param name="Month">The month.</param>
/// <param name="Thresholds">The thresholds in force on some day of the month, in file order.</param>
/// <param name="ExemptCodes">The alert codes exempt on some day of the month, in ordinal order.</param>
/// <param name="Requests">Service Requests (both SMETS generations).</param>
/// <param name="Alerts">Alerts.</param>
/// <param name="BadRows">Rows left out, as in the analysis.</param>
/// <param name="Files">The files read.</param>
public sealed record TrafficReplay(YearMonth Month, IReadOnlyList<ServiceThreshold> Thresholds, IReadOnlyList<string> ExemptCodes, ServiceReplay Requests, ServiceReplay Alerts, long BadRows, IReadOnlyList<FileSummary> Files)
{
    /// <summary>The alert codes to watch while reading <paramref name="month"/>'s logs for a replay under <paramref name="rules"/>.</summary>
    public static IReadOnlySet<string> Watched(TrafficRules rules, YearMonth month)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.ExemptBetween(month.OnDayOfMonth(1), month.OnDayOfMonth(CalendarSystem.Iso.GetDaysInMonth(month.Year, month.Month)));
    }

    /// <summary>Replays <paramref name="partial"/> (read watching <see cref="Watched"/>) under <paramref name="rules"/>; forecasts give the forecast-share allocations.</summary>
    public static TrafficReplay Of(TrafficPartial partial, Forecasts forecasts, TrafficRules rules)
    {
        ArgumentNullException.ThrowIfNull(partial);
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(rules);
        var month = partial.Month;
        var dates = partial.LondonDates();

        var days = dates.Distinct().ToList();
        var users = partial.Users.OrderBy(u => u.Key, StringComparer.Ordinal).ToList();
        var requests = Replay(TrafficService.ServiceRequests, users.Where(u => u.Value.RequestsOrNull is not null).Select(u => (u.Key, u.Value.RequestsOrNull!, (Dictionary<string, long[]>?)null)).ToList(), dates, rules, forecasts);
        var alerts = Replay(TrafficService.Alerts, users.Where(u => u.Value.AlertsOrNull is not null).Select(u => (u.Key, u.Value.AlertsOrNull!, (Dictionary<string, long[]>?)u.Value.WatchedCodes)).ToList(), dates, rules, forecasts);
        var thresholds = rules.Thresholds.Where(t => days.Any(t.InForceOn)).ToList();
        var exempt = rules.ExemptCodes.Where(c => days.Any(c.InForceOn)).Select(c => c.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        var files = partial.Files;
        return new TrafficReplay(month, thresholds, exempt, requests, alerts, files.Sum(f => f.BadRows), files);
    }

    private static ServiceReplay Replay(TrafficService service, List<(string Name, long[] Counts, Dictionary<string, long[]>? Watched)> users, LocalDate[] dates, TrafficRules rules, Forecasts forecasts)
    {
        var n = users.Count;
        // What applies on each day, worked out once a day: the thresholds, the Users' allocations, and
        // the per-minute counts of each User's alerts of the codes exempt that day.
        var byDay = new Dictionary<LocalDate, (ServiceThreshold? Rule, long[] Allocations, List<long[]>[] Exempt)>();
        (ServiceThreshold? Rule, long[] Allocations, List<long[]>[] Exempt) Day(LocalDate date)
        {
            if (!byDay.TryGetValue(date, out var day))
            {
                var rule = rules.ThresholdOn(service, date);
                var allocations = service == TrafficService.ServiceRequests && rule is not null ? Allocations(rule, date, [.. users.Select(u => u.Name)], rules, forecasts) : new long[n];
                var exempt = rules.ExemptOn(date);
                List<long[]>[] counts = [.. users.Select(u => u.Watched is null ? [] : u.Watched.Where(w => exempt.Contains(w.Key)).Select(w => w.Value).ToList())];
                day = (rule, allocations, counts);
                byDay[date] = day;
            }

            return day;
        }

        var messages = new long[n];
        var peaks = new long[n];
        var minutesCut = new int[n];
        var cutOf = new long[n];
        var first = new int?[n];
        var last = new int?[n];
        var weights = new long[n];
        var (total, peakMinute, peak) = (0L, 0, -1L);
        (int? Minute, decimal? Share) utilisation = (null, null);
        var (withoutRules, above, aboveCapacity, cutMinutes, cut, aboveAfter) = (0, 0, 0, 0, 0L, 0);
        var minutes = new List<ReplayMinute>();
        var episodes = new List<ReplayEpisode>();
        var episodeUsers = new SortedSet<string>(StringComparer.Ordinal);
        var (episodeStart, episodeLast, episodePeak, episodeCut) = (-1, -1, 0L, 0L);
        for (var m = 0; m < dates.Length; m++)
        {
            var (rule, allocations, exempt) = Day(dates[m]);
            long sum = 0, exemptSum = 0, surplus = 0;
            for (var u = 0; u < n; u++)
            {
                var count = users[u].Counts[m];
                messages[u] += count;
                peaks[u] = Math.Max(peaks[u], count);
                sum += count;
                if (service == TrafficService.Alerts)
                {
                    var kept = 0L;
                    foreach (var codes in exempt[u])
                    {
                        kept += codes[m];
                    }

                    exemptSum += kept;
                    weights[u] = count - kept;
                }
                else
                {
                    weights[u] = Math.Max(0, count - allocations[u]);
                }

                surplus += weights[u];
            }

            total += sum;
            if (sum > peak)
            {
                (peakMinute, peak) = (m, sum);
            }

            if (rule is null)
            {
                withoutRules++;
                Close();
                continue;
            }

            var share = sum * 100m / rule.CapacityPerMinute;
            if (utilisation.Share is not { } best || share > best)
            {
                utilisation = (m, share);
            }

            if (sum <= rule.OperatingThresholdPerMinute)
            {
                Close();
                continue;
            }

            above++;
            aboveCapacity += sum > rule.CapacityPerMinute ? 1 : 0;
            // Throttled down to the operating threshold, never a User below its allocation (an alert
            // of an exempt code is never dropped): what can be cut, if less than the excess.
            var toCut = Math.Min(sum - rule.OperatingThresholdPerMinute, surplus);
            var shares = Share(toCut, weights, surplus);
            for (var u = 0; u < n; u++)
            {
                if (shares[u] > 0)
                {
                    minutesCut[u]++;
                    cutOf[u] += shares[u];
                    first[u] ??= m;
                    last[u] = m;
                    episodeUsers.Add(users[u].Name);
                }
            }

            cutMinutes += toCut > 0 ? 1 : 0;
            cut += toCut;
            aboveAfter += sum - toCut > rule.CapacityPerMinute ? 1 : 0;
            minutes.Add(new ReplayMinute(m, sum, rule.OperatingThresholdPerMinute, rule.CapacityPerMinute, exemptSum, toCut));
            if (episodeStart < 0)
            {
                episodeStart = m;
            }

            episodeLast = m;
            episodePeak = Math.Max(episodePeak, sum);
            episodeCut += toCut;
        }

        Close();
        var replayUsers = users.Select((u, i) => new ReplayUser(
            u.Name,
            service == TrafficService.ServiceRequests ? Spans(dates, d => Day(d) is { Rule: not null } day ? day.Allocations[i] : null) : [],
            messages[i],
            peaks[i],
            minutesCut[i],
            cutOf[i],
            first[i],
            last[i])).ToList();
        return new ServiceReplay(service, total, peakMinute, Math.Max(0, peak), utilisation.Minute, utilisation.Share, withoutRules, above, aboveCapacity, cutMinutes, cut, aboveAfter, minutes, episodes, replayUsers);

        void Close()
        {
            if (episodeStart >= 0)
            {
                episodes.Add(new ReplayEpisode(episodeStart, episodeLast, episodePeak, episodeCut, [.. episodeUsers]));
                (episodeStart, episodeLast, episodePeak, episodeCut) = (-1, -1, 0, 0);
                episodeUsers.Clear();
            }
        }
    }

    /// <summary>The Users' allocations on <paramref name="date"/>, each by <see cref="AllocationOf"/>.</summary>
    private static long[] Allocations(ServiceThreshold rule, LocalDate date, List<string> users, TrafficRules rules, Forecasts forecasts) =>
        [.. users.Select(user => AllocationOf(user, rule, date, rules, forecasts))];

    /// <summary>
    /// <paramref name="user"/>'s allocation on <paramref name="date"/> under <paramref name="rule"/>:
    /// a fixed allocation where one is in force, else (forecast-share) the User's share of the
    /// operating threshold in proportion to its forecast of the month's Service Requests among all
    /// the Users' forecasts, rounded down; else none (zero).
    /// </summary>
    internal static long AllocationOf(string user, ServiceThreshold rule, LocalDate date, TrafficRules rules, Forecasts forecasts)
    {
        if (rules.AllocationOn(user, date) is { } fixedAllocation)
        {
            return fixedAllocation.PerMinute;
        }

        var forecastTotal = forecasts.Users.Values.Aggregate(Int128.Zero, (a, f) => a + f);
        return rule.Allocation == AllocationRule.ForecastShare && forecastTotal > 0 && forecasts.Users.TryGetValue(user, out var forecast)
            ? (long)(rule.OperatingThresholdPerMinute * (Int128)forecast / forecastTotal)
            : 0L;
    }

    /// <summary>
    /// <paramref name="total"/> shared in proportion to <paramref name="weights"/> (which add up to
    /// <paramref name="sum"/>, at least <paramref name="total"/>) in whole messages: each its share
    /// rounded down, and what is left one each to the largest remainders, the first User on a tie.
    /// </summary>
    internal static long[] Share(long total, long[] weights, long sum)
    {
        var shares = new long[weights.Length];
        if (total <= 0)
        {
            return shares;
        }

        var remainders = new (Int128 Remainder, int Index)[weights.Length];
        var given = 0L;
        for (var i = 0; i < weights.Length; i++)
        {
            var product = (Int128)weights[i] * total;
            shares[i] = (long)(product / sum);
            remainders[i] = (product % sum, i);
            given += shares[i];
        }

        Array.Sort(remainders, (a, b) => a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Index.CompareTo(b.Index));
        for (var k = 0; k < total - given; k++)
        {
            shares[remainders[k].Index]++;
        }

        return shares;
    }

    /// <summary>The days of <paramref name="dates"/> (a date per minute) as runs of the same value.</summary>
    private static List<AllocationSpan> Spans(LocalDate[] dates, Func<LocalDate, long?> value)
    {
        var spans = new List<AllocationSpan>();
        foreach (var date in dates.Distinct())
        {
            var v = value(date);
            if (spans.Count > 0 && spans[^1].PerMinute == v)
            {
                spans[^1] = spans[^1] with { Until = date };
            }
            else
            {
                spans.Add(new AllocationSpan(date, date, v));
            }
        }

        return spans;
    }
}
