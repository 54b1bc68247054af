using System.Globalization;
using System.Text;
using NodaTime;
using SecPanel.Analytics.Internals;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;

namespace SecPanel.Analytics.Generation;

/// <summary>What to generate: a month of national traffic for a number of meters, fixed by a seed.</summary>
/// <param name="Month">The month.</param>
/// <param name="Meters">Meters in the country; each sends about 28 messages a month.</param>
/// <param name="Seed">The seed: the same seed gives the same bytes.</param>
public sealed record GeneratorOptions(YearMonth Month, int Meters, ulong Seed);

/// <summary>
/// Synthetic DCC traffic for a month, deterministic for a seed (SplitMix64, whole-number
/// arithmetic): Users of very different sizes, about 28 messages per meter per month, about 60% of
/// them in the nightly daily-read burst, a mix of Service Reference Variants, response times with a
/// long tail so that service levels land near their targets (and sometimes below), an alert storm or
/// two, and forecasts that some Users overshoot and some undershoot. One file per kind per day, and
/// the month's forecast files.
/// </summary>
public static class TrafficGenerator
{
    private sealed record User(string Name, string Role, int Share);

    // Shares in ten-thousandths of the meters: two very large suppliers, a long tail of small ones,
    // two network operators and an other User with no meters of their own (they read others').
    private static readonly User[] Users =
    [
        new("SUPPLIER-A", "supplier", 3_100), new("SUPPLIER-B", "supplier", 2_200), new("SUPPLIER-C", "supplier", 1_500),
        new("SUPPLIER-D", "supplier", 1_000), new("SUPPLIER-E", "supplier", 700), new("SUPPLIER-F", "supplier", 500),
        new("SUPPLIER-G", "supplier", 300), new("SUPPLIER-H", "supplier", 150), new("SUPPLIER-J", "supplier", 50),
        new("NETWORK-1", "network-operator", 300), new("NETWORK-2", "network-operator", 200), new("OTHER-1", "other-user", 0),
    ];

    // Per meter per month, in hundredths: 16.80 daily reads (60% of 28), 4.60 on-demand, 1.60 future-dated, 5.00 alerts.
    private const int DailyReadsPerMeter = 1_680;
    private const int OnDemandPerMeter = 460;
    private const int FutureDatedPerMeter = 160;
    private const int AlertsPerMeter = 500;

    private static readonly string[] OnDemandVariants = ["4.1.1", "4.8.1", "11.2", "6.15.1", "8.1.1", "4.4.2"];
    private static readonly int[] OnDemandWeights = [40, 20, 15, 10, 10, 5];
    private static readonly string[] FutureDatedVariants = ["1.1.1", "2.2", "6.8"];
    private static readonly int[] FutureDatedWeights = [70, 25, 5];
    private const string DailyReadVariant = "4.6.1";
    private static readonly string[] DeviceAlertCodes = ["8F3E", "8F35", "8183", "8F12", "8F84"];
    private static readonly string[] DccAlertCodes = ["N12", "AD1", "N42"];
    private static readonly string[] CertificateKinds = ["device", "organisation"];

    /// <summary>Writes the month into <paramref name="folder"/> (created if need be); returns the files written, in order.</summary>
    public static IReadOnlyList<string> Write(GeneratorOptions options, TargetResponseTimes targets, string folder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(targets);
        Directory.CreateDirectory(folder);
        var rng = new SplitMix64(options.Seed);
        var month = options.Month;
        var days = Timestamp.DaysInMonth(month.Year, month.Month);
        var start = Timestamp.StartOf(month);
        var meters = MetersPerUser(options.Meters);
        var sent = new Dictionary<(string User, string Variant), long>();
        var csrsSent = new Dictionary<string, long>(StringComparer.Ordinal);
        var storms = StormDays(rng, days);
        var written = new List<string>();

        for (var day = 1; day <= days; day++)
        {
            var dayStart = start + ((day - 1) * Timestamp.MillisecondsPerDay);
            // Each day has its own share of late responses, so that service levels vary around their targets.
            var lateSr = 10 + rng.Below(140);
            var lateAlerts = 20 + rng.Below(120);
            var requests = new List<Row>();
            var alerts = new List<Row>();
            var csrs = new List<Row>();
            for (var u = 0; u < Users.Length; u++)
            {
                var user = Users[u];
                for (var m = 0; m < meters[u]; m++)
                {
                    // A meter's generation is fixed by the seed and the meter: about one in eight is SMETS1.
                    var smets = new SplitMix64(options.Seed ^ ((ulong)u << 40) ^ (ulong)m).Below(8) == 0 ? "1" : "2";
                    if (rng.Below(100 * days) < DailyReadsPerMeter)
                    {
                        // The nightly burst: 00:30 to 04:30, peaking about 02:30.
                        var at = dayStart + ((30 + rng.Below(121) + rng.Below(121)) * Timestamp.MillisecondsPerMinute) + rng.Below(60_000);
                        requests.Add(Request(rng, user, DailyReadVariant, smets, "scheduled", at, null, lateSr, targets.For(ResponseCategory.OnDemand).TargetMilliseconds));
                        Sent(sent, user, DailyReadVariant, smets);
                    }

                    if (rng.Below(100 * days) < OnDemandPerMeter)
                    {
                        var variant = OnDemandVariants[rng.Pick(OnDemandWeights)];
                        var at = dayStart + DaytimeOffset(rng);
                        requests.Add(Request(rng, user, variant, smets, "on-demand", at, null, lateSr, targets.For(ResponseCategory.OnDemand).TargetMilliseconds));
                        Sent(sent, user, variant, smets);
                    }

                    if (rng.Below(100 * days) < FutureDatedPerMeter)
                    {
                        var variant = FutureDatedVariants[rng.Pick(FutureDatedWeights)];
                        var at = dayStart + DaytimeOffset(rng);
                        var scheduled = at + ((1 + rng.Below(72)) * 3_600_000L);
                        requests.Add(Request(rng, user, variant, smets, "future-dated", at, scheduled, lateSr, targets.For(ResponseCategory.FutureDated).TargetMilliseconds));
                        Sent(sent, user, variant, smets);
                    }

                    if (rng.Below(100 * days) < AlertsPerMeter)
                    {
                        alerts.Add(Alert(rng, user, dayStart + rng.Below(Timestamp.MillisecondsPerDay), lateAlerts, targets.For(ResponseCategory.Alert).TargetMilliseconds));
                    }
                }

                // The other User reads meters it does not supply: a few hundred requests a day at most.
                if (meters[u] == 0 && user.Role == "other-user")
                {
                    var count = rng.Below(1 + (options.Meters / 400));
                    for (var i = 0; i < count; i++)
                    {
                        var variant = OnDemandVariants[rng.Pick(OnDemandWeights)];
                        requests.Add(Request(rng, user, variant, "2", "on-demand", dayStart + DaytimeOffset(rng), null, lateSr, targets.For(ResponseCategory.OnDemand).TargetMilliseconds));
                        Sent(sent, user, variant, "2");
                    }
                }

                // Authorised Subscribers (suppliers and network operators) renew certificates: about one CSR per 300 meters a month.
                if (meters[u] > 0)
                {
                    var count = rng.Below(2 + (2 * meters[u] / (300 * days)));
                    for (var i = 0; i < count; i++)
                    {
                        csrs.Add(Csr(rng, user, dayStart + rng.Below(Timestamp.MillisecondsPerDay), targets.For(ResponseCategory.Csr).TargetMilliseconds));
                        csrsSent[user.Name] = csrsSent.GetValueOrDefault(user.Name) + 1;
                    }
                }
            }

            if (storms.Contains(day))
            {
                // An alert storm: one User's meters all raise an alert within a quarter of an hour, and deliveries slow down.
                var victim = rng.Below(4);
                var stormStart = dayStart + (rng.Below(1_380) * Timestamp.MillisecondsPerMinute);
                var size = Math.Max(40, meters[victim]);
                for (var i = 0; i < size; i++)
                {
                    alerts.Add(Alert(rng, Users[victim], stormStart + rng.Below(15 * Timestamp.MillisecondsPerMinute), 3_000, targets.For(ResponseCategory.Alert).TargetMilliseconds));
                }
            }

            var date = $"{month.Year:D4}-{month.Month:D2}-{day:D2}";
            written.Add(WriteDay(folder, LogKind.ServiceRequests, date, "SR", requests));
            written.Add(WriteDay(folder, LogKind.Alerts, date, "AL", alerts));
            written.Add(WriteDay(folder, LogKind.Csrs, date, "CSR", csrs));
        }

        written.Add(WriteForecasts(folder, month, rng, sent));
        written.Add(WriteCsrForecasts(folder, month, rng, csrsSent));
        return written;
    }

    private static int[] MetersPerUser(int meters)
    {
        var total = Users.Sum(u => u.Share);
        var each = Users.Select(u => (int)((long)meters * u.Share / total)).ToArray();
        each[0] += meters - each.Sum();
        return each;
    }

    private static HashSet<int> StormDays(SplitMix64 rng, int days)
    {
        var storms = new HashSet<int> { 1 + (int)rng.Below(days) };
        if (rng.Below(2) == 0)
        {
            storms.Add(1 + (int)rng.Below(days));
        }

        return storms;
    }

    // Daytime traffic: 06:00 to 22:00, evenly.
    private static long DaytimeOffset(SplitMix64 rng) => (6 * 3_600_000L) + rng.Below(16 * 3_600_000L);

    private static void Sent(Dictionary<(string, string), long> sent, User user, string variant, string smets)
    {
        if (smets == "2")
        {
            sent[(user.Name, variant)] = sent.GetValueOrDefault((user.Name, variant)) + 1;
        }
    }

    /// <summary>How long a response takes: mostly well inside the target, a few exactly on it, a long tail of <paramref name="latePerTenThousand"/> beyond it.</summary>
    private static long Latency(SplitMix64 rng, long latePerTenThousand, long target)
    {
        var r = rng.Below(10_000);
        return r < latePerTenThousand ? target + 1 + rng.Below(target * 20)
            : r < latePerTenThousand + 10 ? target
            : 150 + rng.Below(target / 3) + rng.Below(target / 3);
    }

    private static Row Request(SplitMix64 rng, User user, string variant, string smets, string category, long at, long? scheduled, long late, long target)
    {
        var r = rng.Below(10_000);
        var outcome = r < 5 ? "no-response" : r < 40 ? "failure" : "success";
        var responded = outcome == "no-response" ? (long?)null : (scheduled ?? at) + Latency(rng, late, target);
        return new Row(at, id => string.Join(',', id, user.Name, user.Role, variant, smets, category, Timestamp.Format(at),
            scheduled is { } s ? Timestamp.Format(s) : "", responded is { } d ? Timestamp.Format(d) : "", outcome));
    }

    private static Row Alert(SplitMix64 rng, User user, long at, long late, long target)
    {
        var device = rng.Below(10) < 8;
        var code = device ? DeviceAlertCodes[rng.Below(DeviceAlertCodes.Length)] : DccAlertCodes[rng.Below(DccAlertCodes.Length)];
        var delivered = rng.Below(10_000) < 3 ? (long?)null : at + Latency(rng, late, target);
        return new Row(at, id => string.Join(',', id, code, device ? "device" : "dcc", user.Name, Timestamp.Format(at), delivered is { } d ? Timestamp.Format(d) : ""));
    }

    private static Row Csr(SplitMix64 rng, User user, long at, long target)
    {
        var kind = CertificateKinds[rng.Below(CertificateKinds.Length)];
        var issued = at + Latency(rng, 80, target);
        return new Row(at, id => string.Join(',', id, user.Name, kind, Timestamp.Format(at), Timestamp.Format(issued)));
    }

    private static string WriteDay(string folder, LogKind kind, string date, string idPrefix, List<Row> rows)
    {
        // Rows in time order; a stable sort keeps generation order on equal times, so the bytes are fixed by the seed.
        var ordered = rows.Select((row, i) => (row, i)).OrderBy(x => x.row.At).ThenBy(x => x.i).Select(x => x.row).ToList();
        var text = new StringBuilder();
        text.Append(string.Join(',', kind.Columns())).Append('\n');
        for (var i = 0; i < ordered.Count; i++)
        {
            text.Append(ordered[i].Line($"{idPrefix}-{date.Replace("-", "", StringComparison.Ordinal)}-{i + 1:D7}")).Append('\n');
        }

        var name = $"{kind.Prefix()}-{date}.csv";
        File.WriteAllText(Path.Combine(folder, name), text.ToString());
        return name;
    }

    private static string WriteForecasts(string folder, YearMonth month, SplitMix64 rng, Dictionary<(string User, string Variant), long> sent)
    {
        var text = new StringBuilder("month,user,srv,forecast\n");
        var monthText = month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
        foreach (var user in Users)
        {
            // The smallest supplier sends no forecast: an exception whatever it sends.
            if (user.Name == "SUPPLIER-J")
            {
                continue;
            }

            var total = sent.Where(s => s.Key.User == user.Name).Sum(s => s.Value);
            // Forecasts from 80% to 125% of what is then sent: some Users overshoot, some undershoot, most land inside the band.
            text.Append(CultureInfo.InvariantCulture, $"{monthText},{user.Name},,{Forecast(rng, total)}\n");
            if (user.Share >= 2_000)
            {
                foreach (var ((_, variant), count) in sent.Where(s => s.Key.User == user.Name).OrderBy(s => s.Key.Variant, StringComparer.Ordinal))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{monthText},{user.Name},{variant},{Forecast(rng, count)}\n");
                }
            }
        }

        var name = $"{LogKind.SrForecasts.Prefix()}-{monthText}.csv";
        File.WriteAllText(Path.Combine(folder, name), text.ToString());
        return name;
    }

    private static string WriteCsrForecasts(string folder, YearMonth month, SplitMix64 rng, Dictionary<string, long> sent)
    {
        var text = new StringBuilder("month,subscriber,forecast\n");
        var monthText = month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
        foreach (var (subscriber, count) in sent.OrderBy(s => s.Key, StringComparer.Ordinal).Skip(1))
        {
            // The first Subscriber (in name order) sends no forecast: an exception under L8.9 once it sends a CSR.
            text.Append(CultureInfo.InvariantCulture, $"{monthText},{subscriber},{Forecast(rng, count)}\n");
        }

        var name = $"{LogKind.CsrForecasts.Prefix()}-{monthText}.csv";
        File.WriteAllText(Path.Combine(folder, name), text.ToString());
        return name;
    }

    private static long Forecast(SplitMix64 rng, long sent) => Math.Max(1, sent * 1_000 / (800 + rng.Below(451)));

    private sealed record Row(long At, Func<string, string> Line);
}
