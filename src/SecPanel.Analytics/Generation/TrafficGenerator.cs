using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using NodaTime;
using SecPanel.Analytics.Internals;
using SecPanel.Internals;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;

namespace SecPanel.Analytics.Generation;

/// <summary>What to generate: a month of national traffic for a number of meters, fixed by a seed.</summary>
/// <param name="Month">The month.</param>
/// <param name="Meters">Meters in the country, 1 to <see cref="TrafficGenerator.MaxMeters"/>; each sends about 28 messages a month.</param>
/// <param name="Seed">The seed: the same seed gives the same bytes.</param>
public sealed record GeneratorOptions(YearMonth Month, int Meters, ulong Seed)
{
    /// <summary>How many days are written at once; 0 (the default) for one per processor. The bytes written are the same whatever it is.</summary>
    public int Parallelism { get; init; }

    /// <summary>
    /// Growth in tenths of a percent a month (0 to 1000): the meters grow evenly through the month,
    /// from <see cref="Meters"/> on its first day to that much more at the start of the next.
    /// </summary>
    public int GrowthPerMille { get; init; }
}

/// <summary>How far a generation has got: reported once after each day written.</summary>
/// <param name="DaysWritten">Days written so far (days are written in parallel, so not necessarily the first ones).</param>
/// <param name="Days">Days in the month.</param>
/// <param name="Messages">Service Requests and alerts written so far.</param>
/// <param name="Csrs">CSRs written so far.</param>
public sealed record GeneratorProgress(int DaysWritten, int Days, long Messages, long Csrs);

/// <summary>
/// Synthetic DCC traffic for a month, deterministic for a seed (SplitMix64, whole-number
/// arithmetic): Users of very different sizes, about 28 messages per meter per month, about 60% of
/// them in the nightly daily-read burst, a mix of Service Reference Variants, response times with a
/// long tail so that service levels land near their targets (and sometimes below), an alert storm or
/// two (with a surge of the victim's Service Requests, and power outage alerts among the alerts),
/// growth through the month if asked, and forecasts that some Users overshoot and some undershoot. One file per kind per day, and
/// the month's forecast files.
/// </summary>
/// <remarks>
/// Streams at any size: each day is generated second by second, each second's rows are put in time
/// order and written at once, so memory holds one second of rows at most (a few MB at national
/// scale), whatever the number of meters. Days are generated in parallel, each from its own seed
/// drawn from the month's seed, so the bytes do not depend on the degree of parallelism.
/// </remarks>
public static class TrafficGenerator
{
    /// <summary>The most meters a month can have: national scale (about 107 million) and a margin.</summary>
    public const int MaxMeters = 150_000_000;

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

    private const int OtherUser = 11;

    // Per meter per month, in hundredths: 16.80 daily reads (60% of 28), 4.60 on-demand, 1.60 future-dated, 5.00 alerts.
    private const long DailyReadsPerMeter = 1_680;
    private const long OnDemandPerMeter = 460;
    private const long FutureDatedPerMeter = 160;
    private const long AlertsPerMeter = 500;

    // Every variant sent: the daily read first, then the on-demand ones, then the future-dated ones.
    private static readonly string[] Variants = ["4.6.1", "4.1.1", "4.8.1", "11.2", "6.15.1", "8.1.1", "4.4.2", "1.1.1", "2.2", "6.8"];
    private const int DailyReadVariant = 0;
    private const int FirstOnDemandVariant = 1;
    private const int FirstFutureDatedVariant = 7;
    private static readonly int[] OnDemandWeights = [40, 20, 15, 10, 10, 5];
    private static readonly int[] FutureDatedWeights = [70, 25, 5];

    // Alert codes: the first five are device alerts, the rest DCC alerts.
    private static readonly byte[][] AlertCodes = Ascii(["8F3E", "8F35", "8183", "8F12", "8F84", "N12", "AD1", "N42"]);
    private const int DeviceAlertCodes = 5;
    private const int DccAlertCodes = 3;
    private static readonly byte[][] CertificateKinds = Ascii(["device", "organisation"]);

    private const byte Scheduled = 0;
    private const byte OnDemand = 1;
    private const byte FutureDated = 2;
    private static readonly byte[][] Categories = Ascii(["scheduled", "on-demand", "future-dated"]);

    private const byte Success = 0;
    private const byte Failure = 1;
    private const byte NoResponse = 2;
    private static readonly byte[][] Outcomes = Ascii(["success", "failure", "no-response"]);

    private static readonly byte[][] UserNames = Ascii(Users.Select(u => u.Name));
    private static readonly byte[][] UserRoles = Ascii(Users.Select(u => u.Role));
    private static readonly byte[][] VariantBytes = Ascii(Variants);

    private const int SecondsPerDay = 86_400;

    // The nightly burst: 241 minutes from 00:30, peaking about 02:30 (the minute is 30 plus the sum
    // of two whole numbers from 0 to 120, so minute k of the burst has weight min(k, 240 - k) + 1 out of 121²).
    private const int BurstStart = 1_800;
    private const int BurstMinutes = 241;
    private const long BurstWeights = 121 * 121;

    // Daytime traffic: 06:00 to 22:00, evenly.
    private const int DaytimeStart = 6 * 3_600;
    private const int DaytimeEnd = 22 * 3_600;
    private const long DaytimeSeconds = DaytimeEnd - DaytimeStart;

    // An alert storm lasts a quarter of an hour; one alert in four in it is a power outage alert (AD1),
    // the code traffic management exempts from alert storm protection by default.
    private const int StormSeconds = 900;
    private const int OutageAlert = 6;

    /// <summary>
    /// Writes the month into <paramref name="folder"/> (created if need be); returns the files
    /// written, in order: each day's Service Requests, alerts and CSRs, then the two forecast files
    /// and the outage log.
    /// </summary>
    /// <param name="options">What to generate.</param>
    /// <param name="targets">The Target Response Times the response times are drawn around.</param>
    /// <param name="folder">The folder to write into.</param>
    /// <param name="progress">Told after each day written; called from the writing threads, one call at a time.</param>
    public static IReadOnlyList<string> Write(GeneratorOptions options, TargetResponseTimes targets, string folder, IProgress<GeneratorProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Meters, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Meters, MaxMeters, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Parallelism, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.GrowthPerMille, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.GrowthPerMille, 1_000, nameof(options));
        Directory.CreateDirectory(folder);
        var month = options.Month;
        var days = Timestamp.DaysInMonth(month.Year, month.Month);
        var plan = new Plan(options, targets, folder);

        // The month's own draws, in a fixed order: the storms, then one seed per day, then (after the
        // days) the forecasts. Each day draws only from its own seed, so days can be written in any order.
        var rng = new SplitMix64(options.Seed);
        var storms = Storms(rng, days, plan.MetersPerUser);
        var daySeeds = new ulong[days];
        for (var i = 0; i < days; i++)
        {
            daySeeds[i] = rng.Next();
        }

        var counts = new DayCounts[days];
        var gate = new Lock();
        var done = 0;
        long messages = 0;
        long csrs = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount };
        try
        {
            Parallel.For(0, days, parallel, i =>
            {
                var day = new DayGenerator(plan, i + 1, daySeeds[i], storms.GetValueOrDefault(i + 1)).Write();
                counts[i] = day;
                lock (gate)
                {
                    done++;
                    messages += day.Messages;
                    csrs += day.CsrRows;
                    progress?.Report(new GeneratorProgress(done, days, messages, csrs));
                }
            });
        }
        catch (AggregateException e)
        {
            // The first failure as itself (a full disk, a folder that cannot be written), not wrapped.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }

        var sent = new long[Users.Length, Variants.Length];
        var csrsSent = new long[Users.Length];
        foreach (var day in counts)
        {
            for (var u = 0; u < Users.Length; u++)
            {
                csrsSent[u] += day.CsrsSent[u];
                for (var v = 0; v < Variants.Length; v++)
                {
                    sent[u, v] += day.Sent[(u * Variants.Length) + v];
                }
            }
        }

        var written = new List<string>();
        for (var day = 1; day <= days; day++)
        {
            var date = DateText(month, day);
            written.Add(FileName(LogKind.ServiceRequests, date));
            written.Add(FileName(LogKind.Alerts, date));
            written.Add(FileName(LogKind.Csrs, date));
        }

        written.Add(WriteForecasts(folder, month, rng, sent));
        written.Add(WriteCsrForecasts(folder, month, rng, csrsSent));
        written.Add(WriteOutages(folder, month, options.Seed));
        return written;
    }

    /// <summary>
    /// The month's outages of the Self-Service Interface (<c>ssi</c>): a restart in the small hours of
    /// the first Sunday, when the DCC's maintenance is usually planned, and one to three others
    /// of one to ninety minutes. Drawn from their own seed, so the other files are as they were.
    /// </summary>
    private static string WriteOutages(string folder, YearMonth month, ulong seed)
    {
        var rng = new SplitMix64(seed ^ 0x5353_4900_0000_0001UL);
        var start = Timestamp.StartOf(month);
        var days = Timestamp.DaysInMonth(month.Year, month.Month);
        var sunday = Enumerable.Range(0, 7).First(d => new LocalDate(month.Year, month.Month, 1).PlusDays(d).DayOfWeek == IsoDayOfWeek.Sunday);
        var outages = new List<(long From, long To)> { (start + (sunday * Timestamp.MillisecondsPerDay) + (70 * Timestamp.MillisecondsPerMinute), start + (sunday * Timestamp.MillisecondsPerDay) + (95 * Timestamp.MillisecondsPerMinute) + 250) };
        var others = 1 + (int)rng.Below(3);
        for (var i = 0; i < others; i++)
        {
            var from = start + (rng.Below(days) * Timestamp.MillisecondsPerDay) + (long)rng.Below(Timestamp.MillisecondsPerDay);
            var to = Math.Min(start + (days * Timestamp.MillisecondsPerDay) - 1, from + ((1 + (long)rng.Below(90)) * Timestamp.MillisecondsPerMinute) + (long)rng.Below(60_000));
            outages.Add((from, to));
        }

        var text = new StringBuilder("id,service,started,ended\n");
        var monthText = month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
        var n = 0;
        foreach (var (from, to) in outages.OrderBy(o => o.From))
        {
            text.Append(CultureInfo.InvariantCulture, $"OUT-{monthText}-{++n},ssi,{Timestamp.Format(from)},{Timestamp.Format(to)}\n");
        }

        var name = $"{LogKind.Outages.Prefix()}-{monthText}.csv";
        File.WriteAllText(Path.Combine(folder, name), text.ToString());
        return name;
    }

    private static byte[][] Ascii(IEnumerable<string> texts) => [.. texts.Select(Encoding.ASCII.GetBytes)];

    private static string DateText(YearMonth month, int day) => string.Create(CultureInfo.InvariantCulture, $"{month.Year:D4}-{month.Month:D2}-{day:D2}");

    private static string FileName(LogKind kind, string date) => $"{kind.Prefix()}-{date}.csv";

    private static int[] MetersPerUser(int meters)
    {
        var total = Users.Sum(u => u.Share);
        var each = Users.Select(u => (int)((long)meters * u.Share / total)).ToArray();
        each[0] += meters - each.Sum();
        return each;
    }

    /// <summary>One or two storm days, each with its victim (one of the four largest Users) and its start.</summary>
    private static Dictionary<int, Storm> Storms(SplitMix64 rng, int days, int[] metersPerUser)
    {
        var stormDays = new List<int> { 1 + (int)rng.Below(days) };
        if (rng.Below(2) == 0)
        {
            stormDays.Add(1 + (int)rng.Below(days));
        }

        var storms = new Dictionary<int, Storm>();
        foreach (var day in stormDays.Distinct().Order())
        {
            var victim = (int)rng.Below(4);
            var startMinute = (int)rng.Below(1_380);
            storms[day] = new Storm(victim, startMinute * 60, Math.Max(40, metersPerUser[victim]));
        }

        return storms;
    }

    private static string WriteForecasts(string folder, YearMonth month, SplitMix64 rng, long[,] sent)
    {
        var text = new StringBuilder("month,user,srv,forecast\n");
        var monthText = month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
        var variantOrder = Enumerable.Range(0, Variants.Length).OrderBy(v => Variants[v], StringComparer.Ordinal).ToList();
        for (var u = 0; u < Users.Length; u++)
        {
            var user = Users[u];
            // The smallest supplier sends no forecast: an exception whatever it sends.
            if (user.Name == "SUPPLIER-J")
            {
                continue;
            }

            var total = 0L;
            for (var v = 0; v < Variants.Length; v++)
            {
                total += sent[u, v];
            }

            // Forecasts from 80% to 125% of what is then sent: some Users overshoot, some undershoot, most land inside the band.
            text.Append(CultureInfo.InvariantCulture, $"{monthText},{user.Name},,{Forecast(rng, total)}\n");
            if (user.Share >= 2_000)
            {
                foreach (var v in variantOrder.Where(v => sent[u, v] > 0))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{monthText},{user.Name},{Variants[v]},{Forecast(rng, sent[u, v])}\n");
                }
            }
        }

        var name = $"{LogKind.SrForecasts.Prefix()}-{monthText}.csv";
        File.WriteAllText(Path.Combine(folder, name), text.ToString());
        return name;
    }

    private static string WriteCsrForecasts(string folder, YearMonth month, SplitMix64 rng, long[] sent)
    {
        var text = new StringBuilder("month,subscriber,forecast\n");
        var monthText = month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
        var subscribers = Enumerable.Range(0, Users.Length).Where(u => sent[u] > 0).OrderBy(u => Users[u].Name, StringComparer.Ordinal);
        foreach (var u in subscribers.Skip(1))
        {
            // The first Subscriber (in name order) sends no forecast: an exception under L8.9 once it sends a CSR.
            text.Append(CultureInfo.InvariantCulture, $"{monthText},{Users[u].Name},{Forecast(rng, sent[u])}\n");
        }

        var name = $"{LogKind.CsrForecasts.Prefix()}-{monthText}.csv";
        File.WriteAllText(Path.Combine(folder, name), text.ToString());
        return name;
    }

    private static long Forecast(SplitMix64 rng, long sent) => Math.Max(1, sent * 1_000 / (800 + rng.Below(451)));

    /// <summary>A storm: every meter of <paramref name="Victim"/> (at least 40) alerting within a quarter of an hour from <paramref name="StartSecond"/>.</summary>
    private sealed record Storm(int Victim, int StartSecond, long Size);

    /// <summary>What a day sent, for the forecasts and the progress: SMETS2 requests per User × variant, CSRs per Subscriber.</summary>
    private sealed record DayCounts(long[] Sent, long[] CsrsSent, long Messages, long CsrRows);

    /// <summary>What every day shares: the meters, the pickers, the targets.</summary>
    private sealed class Plan
    {
        public Plan(GeneratorOptions options, TargetResponseTimes targets, string folder)
        {
            Options = options;
            Folder = folder;
            Days = Timestamp.DaysInMonth(options.Month.Year, options.Month.Month);
            MonthStart = Timestamp.StartOf(options.Month);
            MetersPerUser = MetersPerUser(options.Meters);
            // Requests and alerts come from a User's meters, so a User is picked in proportion to its meters.
            MeterCumulative = Cumulative(MetersPerUser.Select(m => (long)m));
            // Authorised Subscribers (suppliers and network operators) renew certificates: about one CSR
            // per 300 meters a month, and half a CSR a day besides, so that small Subscribers send some.
            CsrCumulative = Cumulative(MetersPerUser.Select(m => m > 0 ? (150L * Days) + m : 0));
            OnDemandTarget = targets.For(ResponseCategory.OnDemand).TargetMilliseconds;
            FutureDatedTarget = targets.For(ResponseCategory.FutureDated).TargetMilliseconds;
            AlertTarget = targets.For(ResponseCategory.Alert).TargetMilliseconds;
            CsrTarget = targets.For(ResponseCategory.Csr).TargetMilliseconds;
        }

        public GeneratorOptions Options { get; }

        public string Folder { get; }

        public int Days { get; }

        public long MonthStart { get; }

        public int[] MetersPerUser { get; }

        public long[] MeterCumulative { get; }

        public long[] CsrCumulative { get; }

        public long OnDemandTarget { get; }

        public long FutureDatedTarget { get; }

        public long AlertTarget { get; }

        public long CsrTarget { get; }

        private static long[] Cumulative(IEnumerable<long> weights)
        {
            var sum = 0L;
            return [.. weights.Select(w => sum += w)];
        }
    }

    /// <summary>Generates and writes one day, second by second, from the day's own seed.</summary>
    private sealed class DayGenerator(Plan plan, int day, ulong seed, Storm? storm)
    {
        private readonly SplitMix64 rng = new(seed);
        private readonly long dayStart = plan.MonthStart + ((day - 1) * Timestamp.MillisecondsPerDay);
        private readonly Slice<RequestRow> requests = new();
        private readonly Slice<AlertRow> alerts = new();
        private readonly Slice<CsrRow> csrs = new();
        private readonly long[] sent = new long[Users.Length * Variants.Length];
        private readonly long[] csrsSent = new long[Users.Length];
        private long lateSr;
        private long lateAlerts;
        private long requestRows;
        private long alertRows;
        private long csrRows;

        public DayCounts Write()
        {
            var date = DateText(plan.Options.Month, day);
            var idDate = date.Replace("-", "", StringComparison.Ordinal);
            using var requestFile = new CsvBytes(Path.Combine(plan.Folder, FileName(LogKind.ServiceRequests, date)), LogKind.ServiceRequests.Columns(), $"SR-{idDate}-");
            using var alertFile = new CsvBytes(Path.Combine(plan.Folder, FileName(LogKind.Alerts, date)), LogKind.Alerts.Columns(), $"AL-{idDate}-");
            using var csrFile = new CsvBytes(Path.Combine(plan.Folder, FileName(LogKind.Csrs, date)), LogKind.Csrs.Columns(), $"CSR-{idDate}-");

            // Each day has its own share of late responses, so that service levels vary around their
            // targets, and its own volumes, from 95% to 105% of the usual.
            lateSr = 10 + rng.Below(140);
            lateAlerts = 20 + rng.Below(120);
            // The day's meters: the month's first day's, grown evenly towards the next month's.
            var days = (long)plan.Days;
            var meters = plan.Options.Meters + (plan.Options.Meters * (long)plan.Options.GrowthPerMille * (day - 1) / (1_000 * days));
            var dailyReads = meters * DailyReadsPerMeter * (95 + rng.Below(11));
            var onDemand = meters * OnDemandPerMeter * (95 + rng.Below(11));
            var futureDated = meters * FutureDatedPerMeter * (95 + rng.Below(11));
            var alertVolume = meters * AlertsPerMeter * (95 + rng.Below(11));
            var csrVolume = plan.CsrCumulative[^1];

            // Expected rows per second, as a numerator over these denominators (hundredths per meter,
            // the day's percentage, the minute's percentage, and the share of the day's window).
            var dailyReadsPer = 100 * days * 100 * BurstWeights * 60 * 100;
            var daytimePer = 100 * days * 100 * DaytimeSeconds * 100;
            var alertsPer = 100 * days * 100 * SecondsPerDay * 100;
            // The other User reads meters it does not supply: about one request a day per 800 meters, and half a request besides.
            var otherPer = 800 * DaytimeSeconds * 100;
            var csrsPer = 300 * days * SecondsPerDay * 100;

            Rate dailyRate = default, onDemandRate = default, futureRate = default, otherRate = default, alertRate = default, csrRate = default;
            var stormRate = storm is { } big ? Rate.Of(big.Size, StormSeconds) : default;
            for (var s = 0; s < SecondsPerDay; s++)
            {
                if (s % 60 == 0)
                {
                    // Every minute is busier or quieter than the average, from 90% to 110%. The rates
                    // per second are worked out once a minute.
                    var k = (s - BurstStart) / 60;
                    dailyRate = Rate.Of(dailyReads * (Math.Max(0, Math.Min(k, BurstMinutes - 1 - k)) + 1) * (90 + rng.Below(21)), dailyReadsPer);
                    onDemandRate = Rate.Of(onDemand * (90 + rng.Below(21)), daytimePer);
                    futureRate = Rate.Of(futureDated * (90 + rng.Below(21)), daytimePer);
                    otherRate = Rate.Of((meters + 400) * (90 + rng.Below(21)), otherPer);
                    alertRate = Rate.Of(alertVolume * (90 + rng.Below(21)), alertsPer);
                    csrRate = Rate.Of(csrVolume * (90 + rng.Below(21)), csrsPer);
                }

                var second = dayStart + (s * 1_000L);
                if (s is >= BurstStart and < BurstStart + (BurstMinutes * 60))
                {
                    for (var n = dailyRate.Count(rng); n > 0; n--)
                    {
                        var at = second + rng.Below(1_000);
                        Request(at, MeterUser(), Scheduled, DailyReadVariant, null, plan.OnDemandTarget, smets1: rng.Below(8) == 0);
                    }
                }

                if (s is >= DaytimeStart and < DaytimeEnd)
                {
                    for (var n = onDemandRate.Count(rng); n > 0; n--)
                    {
                        var at = second + rng.Below(1_000);
                        var user = MeterUser();
                        var smets1 = rng.Below(8) == 0;
                        Request(at, user, OnDemand, FirstOnDemandVariant + rng.Pick(OnDemandWeights), null, plan.OnDemandTarget, smets1);
                    }

                    for (var n = futureRate.Count(rng); n > 0; n--)
                    {
                        var at = second + rng.Below(1_000);
                        var user = MeterUser();
                        var smets1 = rng.Below(8) == 0;
                        var variant = FirstFutureDatedVariant + rng.Pick(FutureDatedWeights);
                        var scheduled = at + ((1 + rng.Below(72)) * 3_600_000L);
                        Request(at, user, FutureDated, variant, scheduled, plan.FutureDatedTarget, smets1);
                    }

                    for (var n = otherRate.Count(rng); n > 0; n--)
                    {
                        var at = second + rng.Below(1_000);
                        Request(at, OtherUser, OnDemand, FirstOnDemandVariant + rng.Pick(OnDemandWeights), null, plan.OnDemandTarget, smets1: false);
                    }
                }

                for (var n = alertRate.Count(rng); n > 0; n--)
                {
                    var at = second + rng.Below(1_000);
                    Alert(at, MeterUser(), lateAlerts);
                }

                if (storm is { } st && s >= st.StartSecond && s < st.StartSecond + StormSeconds)
                {
                    // An alert storm: one User's meters all raise an alert within a quarter of an hour, and
                    // deliveries slow down; one alert in four is a power outage alert. The User's systems
                    // read every one of its meters on demand meanwhile: a surge of Service Requests.
                    for (var n = stormRate.Count(rng); n > 0; n--)
                    {
                        var at = second + rng.Below(1_000);
                        Alert(at, st.Victim, 3_000, outage: rng.Below(4) == 0);
                    }

                    for (var n = stormRate.Count(rng); n > 0; n--)
                    {
                        var at = second + rng.Below(1_000);
                        Request(at, st.Victim, OnDemand, FirstOnDemandVariant, null, plan.OnDemandTarget, smets1: false);
                    }
                }

                for (var n = csrRate.Count(rng); n > 0; n--)
                {
                    var at = second + rng.Below(1_000);
                    var user = Pick(plan.CsrCumulative);
                    var kind = (byte)rng.Below(CertificateKinds.Length);
                    csrs.Add(at - second, new CsrRow(at, at + Latency(rng, 80, plan.CsrTarget), (byte)user, kind));
                    csrsSent[user]++;
                }

                WriteSecond(requestFile, alertFile, csrFile);
            }

            return new DayCounts(sent, csrsSent, requestRows + alertRows, csrRows);
        }

        private int MeterUser() => Pick(plan.MeterCumulative);

        private int Pick(long[] cumulative)
        {
            var r = rng.Below(cumulative[^1]);
            var u = 0;
            while (r >= cumulative[u])
            {
                u++;
            }

            return u;
        }

        private void Request(long at, int user, byte category, int variant, long? scheduled, long target, bool smets1)
        {
            var r = rng.Below(10_000);
            var outcome = r < 5 ? NoResponse : r < 40 ? Failure : Success;
            var responded = outcome == NoResponse ? -1 : (scheduled ?? at) + Latency(rng, lateSr, target);
            requests.Add(at % 1_000, new RequestRow(at, scheduled ?? -1, responded, (byte)user, (byte)variant, category, outcome, smets1));
            if (!smets1)
            {
                sent[(user * Variants.Length) + variant]++;
            }
        }

        private void Alert(long at, int user, long late, bool outage = false)
        {
            var device = rng.Below(10) < 8;
            var code = outage ? OutageAlert : device ? rng.Below(DeviceAlertCodes) : DeviceAlertCodes + rng.Below(DccAlertCodes);
            var delivered = rng.Below(10_000) < 3 ? -1 : at + Latency(rng, late, plan.AlertTarget);
            alerts.Add(at % 1_000, new AlertRow(at, delivered, (byte)user, (byte)code));
        }

        /// <summary>How long a response takes: mostly well inside the target, a few exactly on it, a long tail of <paramref name="latePerTenThousand"/> beyond it.</summary>
        private static long Latency(SplitMix64 rng, long latePerTenThousand, long target)
        {
            var r = rng.Below(10_000);
            return r < latePerTenThousand ? target + 1 + rng.Below(target * 20)
                : r < latePerTenThousand + 10 ? target
                : 150 + rng.Below(target / 3) + rng.Below(target / 3);
        }

        /// <summary>Writes the second's rows of each kind in time order (generation order on equal times) and empties the slices.</summary>
        private void WriteSecond(CsvBytes requestFile, CsvBytes alertFile, CsvBytes csrFile)
        {
            requests.Sort();
            for (var i = 0; i < requests.Count; i++)
            {
                ref readonly var row = ref requests.InOrder(i);
                var line = requestFile.Row();
                var at = requestFile.Id(line, ++requestRows);
                at = Put(line, at, UserNames[row.User]);
                at = Put(line, at, UserRoles[row.User]);
                at = Put(line, at, VariantBytes[row.Variant]);
                line[at++] = row.Smets1 ? (byte)'1' : (byte)'2';
                line[at++] = (byte)',';
                at = Put(line, at, Categories[row.Category]);
                at = Time(line, at, row.At);
                at = row.Scheduled >= 0 ? Time(line, at, row.Scheduled) : Empty(line, at);
                at = row.Responded >= 0 ? Time(line, at, row.Responded) : Empty(line, at);
                at = Last(line, at, Outcomes[row.Outcome]);
                requestFile.Wrote(at);
            }

            alerts.Sort();
            for (var i = 0; i < alerts.Count; i++)
            {
                ref readonly var row = ref alerts.InOrder(i);
                var line = alertFile.Row();
                var at = alertFile.Id(line, ++alertRows);
                at = Put(line, at, AlertCodes[row.Code]);
                at = Put(line, at, row.Code < DeviceAlertCodes ? "device"u8 : "dcc"u8);
                at = Put(line, at, UserNames[row.User]);
                at = Time(line, at, row.At);
                at = row.Delivered >= 0 ? TimeLast(line, at, row.Delivered) : Last(line, at, []);
                alertFile.Wrote(at);
            }

            csrs.Sort();
            for (var i = 0; i < csrs.Count; i++)
            {
                ref readonly var row = ref csrs.InOrder(i);
                var line = csrFile.Row();
                var at = csrFile.Id(line, ++csrRows);
                at = Put(line, at, UserNames[row.User]);
                at = Put(line, at, CertificateKinds[row.Kind]);
                at = Time(line, at, row.At);
                at = TimeLast(line, at, row.Issued);
                csrFile.Wrote(at);
            }

            requests.Clear();
            alerts.Clear();
            csrs.Clear();
        }

        // Field writers: each writes its value and the comma after it, and returns where the next begins.
        private static int Put(Span<byte> line, int at, ReadOnlySpan<byte> value)
        {
            value.CopyTo(line[at..]);
            at += value.Length;
            line[at] = (byte)',';
            return at + 1;
        }

        private static int Last(Span<byte> line, int at, ReadOnlySpan<byte> value)
        {
            value.CopyTo(line[at..]);
            at += value.Length;
            line[at] = (byte)'\n';
            return at + 1;
        }

        private static int Time(Span<byte> line, int at, long milliseconds)
        {
            Timestamp.Write(milliseconds, line[at..]);
            at += Timestamp.Length;
            line[at] = (byte)',';
            return at + 1;
        }

        private static int TimeLast(Span<byte> line, int at, long milliseconds)
        {
            Timestamp.Write(milliseconds, line[at..]);
            at += Timestamp.Length;
            line[at] = (byte)'\n';
            return at + 1;
        }

        private static int Empty(Span<byte> line, int at)
        {
            line[at] = (byte)',';
            return at + 1;
        }
    }

    /// <summary>
    /// Rows expected in a second, numerator ÷ denominator: <see cref="Whole"/> rows and a chance of
    /// one more, the fraction as a threshold for a 64-bit draw (⌈fraction × 2⁶⁴ ÷ denominator⌉, so
    /// that the draw is below it exactly when <c>Below(denominator)</c> would be below the fraction).
    /// </summary>
    private readonly record struct Rate(long Whole, ulong Threshold)
    {
        public static Rate Of(long numerator, long denominator)
        {
            var whole = Math.DivRem(numerator, denominator, out var fraction);
            var scaled = (UInt128)(ulong)fraction << 64;
            var threshold = (ulong)((scaled + (ulong)denominator - 1) / (ulong)denominator);
            return new Rate(whole, threshold);
        }

        /// <summary>The rows of one second.</summary>
        public long Count(SplitMix64 rng) => Threshold > 0 && rng.Next() < Threshold ? Whole + 1 : Whole;
    }

    private readonly record struct RequestRow(long At, long Scheduled, long Responded, byte User, byte Variant, byte Category, byte Outcome, bool Smets1);

    private readonly record struct AlertRow(long At, long Delivered, byte User, byte Code);

    private readonly record struct CsrRow(long At, long Issued, byte User, byte Kind);

    /// <summary>The rows of one second, put in time order by their millisecond, generation order on a tie; reused second after second.</summary>
    private sealed class Slice<T>
        where T : struct
    {
        private T[] rows = new T[64];
        private long[] keys = new long[64];
        private int count;

        public int Count => count;

        public void Add(long millisecond, T row)
        {
            if (count == rows.Length)
            {
                Array.Resize(ref rows, count * 2);
                Array.Resize(ref keys, count * 2);
            }

            rows[count] = row;
            keys[count] = (millisecond << 32) | (uint)count;
            count++;
        }

        /// <summary>Puts the rows in time order; the keys are unique, so any sort gives the same order.</summary>
        public void Sort() => Array.Sort(keys, 0, count);

        /// <summary>The row at <paramref name="position"/> in time order, once sorted.</summary>
        public ref readonly T InOrder(int position) => ref rows[(int)(keys[position] & uint.MaxValue)];

        public void Clear() => count = 0;
    }

    /// <summary>A CSV file written as UTF-8 bytes through a reused buffer: the header, then row after row.</summary>
    private sealed class CsvBytes : IDisposable
    {
        private const int BufferSize = 1 << 20;
        private const int RowMost = 512;
        private static readonly StandardFormat IdDigits = new('D', 7);
        private readonly FileStream stream;
        private readonly byte[] buffer = new byte[BufferSize];
        private readonly byte[] idPrefix;
        private int used;

        public CsvBytes(string path, IReadOnlyList<string> columns, string idPrefix)
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            used = Encoding.ASCII.GetBytes(string.Join(',', columns) + "\n", buffer);
            this.idPrefix = Encoding.ASCII.GetBytes(idPrefix);
        }

        /// <summary>Room for the next row; <see cref="Wrote"/> then says how much of it was used.</summary>
        public Span<byte> Row()
        {
            if (BufferSize - used < RowMost)
            {
                Flush();
            }

            return buffer.AsSpan(used, RowMost);
        }

        public void Wrote(int length) => used += length;

        /// <summary>Writes the row's id (<c>SR-20261101-0000001</c>) and its comma at the start of <paramref name="line"/>.</summary>
        public int Id(Span<byte> line, long number)
        {
            idPrefix.CopyTo(line);
            if (!Utf8Formatter.TryFormat(number, line[idPrefix.Length..], out var digits, IdDigits))
            {
                throw new InvalidOperationException($"No room for the id {number}.");
            }

            var at = idPrefix.Length + digits;
            line[at] = (byte)',';
            return at + 1;
        }

        public void Dispose()
        {
            try
            {
                Flush();
            }
            finally
            {
                stream.Dispose();
            }
        }

        private void Flush()
        {
            stream.Write(buffer, 0, used);
            used = 0;
        }
    }
}
