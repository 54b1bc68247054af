using System.Globalization;
using SecPanel.Variance;

namespace SecPanel.Server.Pages;

/// <summary>The traffic figures of each month stored: H3.24 by User, L8.9 by Subscriber, the CPMs; nothing in them is classified.</summary>
public sealed class TrafficModel : SecPanelPage
{
    /// <summary>Users or Subscribers listed before "show all".</summary>
    public const int Shown = 50;

    /// <summary>The variance reports shown: obligation, heading, who sends.</summary>
    public static readonly IReadOnlyList<(string Obligation, string Heading, string Who)> Reports =
    [
        ("sr-variance", "Service Requests by User (H3.24)", "Users"),
        ("csr-variance", "Certificate Signing Requests by Subscriber (L8.9)", "Subscribers"),
    ];

    /// <summary>The months with figures, newest first.</summary>
    public IReadOnlyList<string> Months { get; private set; } = [];

    /// <summary>The month shown.</summary>
    public string? Month { get; private set; }

    /// <summary>Whether every User and Subscriber is listed.</summary>
    public bool All { get; private set; }

    /// <summary>The month's performance results.</summary>
    public IReadOnlyList<(string Measure, long? Within, long? Total, decimal? Level)> Measures { get; private set; } = [];

    private IReadOnlyList<IReadOnlyDictionary<string, string?>> variance = [];

    /// <summary>A variance line's share of its forecast, or null without one.</summary>
    public static string? Percent((string User, long? Sent, long? Forecast) line) =>
        line.Sent is { } s && line.Forecast is { } f && f > 0 ? Figures.Percent(s * 100m / f) + "%" : null;

    /// <summary>The lines of one variance report: the total (an empty user) and each User or Subscriber.</summary>
    public List<(string User, long? Sent, long? Forecast)> Lines(string obligation) =>
        [.. variance.Where(v => v["obligation"] == obligation).Select(v => (v["user"] ?? string.Empty, Number(v["sent"]), Number(v["forecast"])))];

    /// <summary>Shows <paramref name="month"/> (the newest by default).</summary>
    public void OnGet(string? month, bool all = false)
    {
        Title = "Traffic";
        All = all;
        Months = Store.FigureMonths();
        Month = Months.Contains(month ?? string.Empty) ? month : Months.Count > 0 ? Months[0] : null;
        if (Month is null)
        {
            return;
        }

        var figures = Store.FiguresOf(Month);
        variance = figures.Variance;
        Measures = [.. figures.Performance.Select(p =>
        {
            var within = Number(p["within"]);
            var total = Number(p["total"]);
            decimal? level = p["level"] is { Length: > 0 } given ? decimal.Parse(given, CultureInfo.InvariantCulture)
                : within is { } w && total is > 0 ? w * 100m / total.Value : null;
            return (p["measure"] ?? string.Empty, within, total, level);
        })];
    }

    private static long? Number(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
