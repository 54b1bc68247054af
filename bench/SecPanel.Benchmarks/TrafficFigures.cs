using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SecPanel.Analytics.Figures;

namespace SecPanel.Benchmarks;

/// <summary>
/// The traffic figures the benchmark compares, as lines of values joined by '|' under five names:
/// from SecPanel's report, from its JSON output (<c>secpanel traffic analyse --format json</c>) or
/// from a file of them written earlier, so that a process timed on its own can be checked.
/// </summary>
internal static class TrafficFigures
{
    /// <summary>The figures, in the order they are printed and compared.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["SR per User", "SR per User and variant", "CSR per Subscriber", "CPM within/total", "traffic profile (peak minute, p99)"];

    /// <summary>SecPanel's figures from its report.</summary>
    public static Dictionary<string, List<string>> From(TrafficReport report) => new()
    {
        [Names[0]] = [.. report.Users.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}")],
        [Names[1]] = [.. report.UserVariants.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}")],
        [Names[2]] = [.. report.Subscribers.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}")],
        [Names[3]] = [.. report.ServiceLevels.Select(l => $"{l.Measure.Key}|{l.Within}|{l.Total}")],
        [Names[4]] = [.. report.UserProfiles.Select(u => (u.User, u.Profile)).Prepend(("(system)", report.System))
            .Select(x => $"{x.Item1}|{x.Item2.Messages}|{x.Item2.PeakMinute}|{x.Item2.Peak}|{x.Item2.Percentile99}").Order(StringComparer.Ordinal)],
    };

    /// <summary>SecPanel's figures from the JSON that <c>secpanel traffic analyse --format json</c> printed.</summary>
    public static Dictionary<string, List<string>> FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var month = YearMonthPattern.Iso.Parse(root.GetProperty("month").GetString()!).Value;
        var start = Instant.FromUtc(month.Year, month.Month, 1, 0, 0);
        var minute = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm'Z'");

        static List<string> Variance(JsonElement lines, string key) =>
            [.. lines.EnumerateArray().Select(l => string.Join('|',
                l.GetProperty(key).GetString(),
                l.GetProperty("sent").GetInt64().ToString(CultureInfo.InvariantCulture),
                l.GetProperty("forecast") is { ValueKind: JsonValueKind.Number } f ? f.GetInt64().ToString(CultureInfo.InvariantCulture) : "",
                l.GetProperty("exception").GetBoolean()))];

        string Profile(string who, JsonElement p) => string.Join('|',
            who,
            p.GetProperty("messages").GetInt64().ToString(CultureInfo.InvariantCulture),
            ((long)(minute.Parse(p.GetProperty("peakMinute").GetString()!).Value - start).TotalMinutes).ToString(CultureInfo.InvariantCulture),
            p.GetProperty("peakPerMinute").GetInt64().ToString(CultureInfo.InvariantCulture),
            p.GetProperty("p99PerMinute").GetInt64().ToString(CultureInfo.InvariantCulture));

        var sr = root.GetProperty("serviceRequests");
        var profile = root.GetProperty("trafficProfile");
        return new()
        {
            [Names[0]] = Variance(sr.GetProperty("users"), "user"),
            [Names[1]] = Variance(sr.GetProperty("userVariants"), "userVariant"),
            [Names[2]] = Variance(root.GetProperty("csrs").GetProperty("subscribers"), "subscriber"),
            [Names[3]] = [.. root.GetProperty("serviceLevels").EnumerateArray().Select(l => string.Join('|',
                l.GetProperty("measure").GetString(),
                l.GetProperty("within").GetInt64().ToString(CultureInfo.InvariantCulture),
                l.GetProperty("total").GetInt64().ToString(CultureInfo.InvariantCulture)))],
            [Names[4]] = [.. profile.GetProperty("users").EnumerateArray().Select(u => Profile(u.GetProperty("user").GetString()!, u))
                .Prepend(Profile("(system)", profile)).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>The figures as text, a line each: the figure's name, a tab, the line.</summary>
    public static string Write(Dictionary<string, List<string>> figures) =>
        string.Concat(Names.SelectMany(n => figures[n].Select(l => $"{n}\t{l}\n")));

    /// <summary>The figures from text that <see cref="Write"/> wrote.</summary>
    public static Dictionary<string, List<string>> Read(string text)
    {
        var figures = Names.ToDictionary(n => n, _ => new List<string>());
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            figures[line[..tab]].Add(line[(tab + 1)..]);
        }

        return figures;
    }

    /// <summary>The names of the figures that differ, each figure's lines compared in order.</summary>
    public static List<string> Disagreements(Dictionary<string, List<string>> ours, Dictionary<string, List<string>> theirs) =>
        [.. Names.Where(n => !ours[n].SequenceEqual(theirs[n], StringComparer.Ordinal))];
}
