using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace SecPanel.Benchmarks;

/// <summary>What <see cref="VarianceYear.Write"/> put in the case folder.</summary>
/// <param name="Users">The number of Users.</param>
/// <param name="VarianceRows">The per-User lines of <c>variance.csv</c>.</param>
/// <param name="Rows">Every data line of the case: the meeting, the deliveries and the variance lines.</param>
/// <param name="Bytes">The size of the case folder's files.</param>
/// <param name="Sha256">The SHA-256 of <c>variance.csv</c>: the same seed and User count give the same file.</param>
internal sealed record CaseSummary(int Users, long VarianceRows, long Rows, long Bytes, string Sha256);

/// <summary>
/// A year of SR Variance Reports with per-User figures, as a case folder: a big import, made up
/// from a seed so that every run imports the same bytes. There are no total lines: SecPanel adds
/// the Users up, as for a report that gives none.
/// </summary>
internal static class VarianceYear
{
    /// <summary>The year whose twelve months are reported.</summary>
    public const int Year = 2019;

    /// <summary>Users per month: 83,334 × 12 months = 1,000,008 lines, just over the million the benchmark is asked for.</summary>
    public const int DefaultUsers = 83_334;

    /// <summary>The seed of the figures.</summary>
    public const ulong DefaultSeed = 20_190_101;

    private const string Obligation = "sr-variance";

    private static readonly long[] Decades = [10, 100, 1_000, 10_000];

    /// <summary>Writes <c>meeting.csv</c>, <c>deliveries.csv</c> and <c>variance.csv</c> into <paramref name="folder"/>.</summary>
    public static CaseSummary Write(string folder, int users, ulong seed)
    {
        Directory.CreateDirectory(folder);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        // One OPSG meeting, in January after the year: its window holds the December report's due date.
        File.WriteAllText(Path.Combine(folder, "meeting.csv"),
            "committee,meeting_date,previous_meeting_date,region\nOPSG,2020-01-28,2019-12-17,england-and-wales\n", utf8);

        var deliveries = new StringBuilder("obligation,period,delivered,reference,observations\n");
        for (var month = 1; month <= 12; month++)
        {
            deliveries.Append(CultureInfo.InvariantCulture, $"{Obligation},{Period(month)},{Delivered(month):uuuu-MM-dd},,\n");
        }

        File.WriteAllText(Path.Combine(folder, "deliveries.csv"), deliveries.ToString(), utf8);

        var random = new SplitMix64(seed);
        var width = Math.Max(5, users.ToString(CultureInfo.InvariantCulture).Length);
        var names = new string[users];
        var volumes = new long[users];
        var steady = new bool[users];
        for (var u = 0; u < users; u++)
        {
            names[u] = "User" + (u + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

            // Sizes spread over four decades (10 to 99,999 Service Requests a month), as from a
            // small supplier's to a large one's; nine Users in ten send close to their forecast.
            var magnitude = Decades[random.Below(Decades.Length)];
            volumes[u] = magnitude + random.Below(9 * magnitude);
            steady[u] = random.Below(10) != 0;
        }

        var variancePath = Path.Combine(folder, "variance.csv");
        long rows = 0;
        using (var writer = new StreamWriter(variancePath, append: false, utf8, bufferSize: 1 << 16))
        {
            writer.NewLine = "\n";
            writer.WriteLine("obligation,period,user,sent,forecast");
            for (var month = 1; month <= 12; month++)
            {
                var period = Period(month);
                for (var u = 0; u < users; u++)
                {
                    // The forecast moves within ±10% of the User's size from month to month; what is
                    // sent is within ±5% of it for a steady User and 50% to 150% for the others, so
                    // that some Users are exceptions (at or below 90%, at or above 110%).
                    var forecast = volumes[u] * (90 + random.Below(21)) / 100;
                    var sent = steady[u]
                        ? forecast * (95 + random.Below(11)) / 100
                        : forecast * (50 + random.Below(101)) / 100;

                    // One line in 200 has no forecast: it was not received.
                    var forecastText = random.Below(200) == 0 ? string.Empty : forecast.ToString(CultureInfo.InvariantCulture);
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Obligation},{period},{names[u]},{sent},{forecastText}"));
                    rows++;
                }
            }
        }

        string sha;
        using (var stream = File.OpenRead(variancePath))
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        var bytes = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
        return new CaseSummary(users, rows, 1 + 12 + rows, bytes, sha);
    }

    private static string Period(int month) => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{month:D2}");

    /// <summary>The tenth weekday after the month: about when the DCC delivers (H3.24 gives it ten Working Days).</summary>
    private static LocalDate Delivered(int month)
    {
        var day = new LocalDate(Year, month, 1).PlusMonths(1).PlusDays(-1);
        for (var weekdays = 0; weekdays < 10;)
        {
            day = day.PlusDays(1);
            if (day.DayOfWeek is not IsoDayOfWeek.Saturday and not IsoDayOfWeek.Sunday)
            {
                weekdays++;
            }
        }

        return day;
    }

    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood): a small generator whose output is fixed by its seed on
    /// every runtime and machine, unlike what <see cref="Random"/> promises.
    /// </summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong state = seed;

        /// <summary>A number from 0 up to, not including, <paramref name="bound"/> (slightly biased; fine for made-up figures).</summary>
        public long Below(long bound) => (long)(Next() % (ulong)bound);

        private ulong Next()
        {
            unchecked
            {
                var z = state += 0x9E3779B97F4A7C15;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
                return z ^ (z >> 31);
            }
        }
    }
}
