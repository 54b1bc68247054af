using SecPanel.Periods;
using SecPanel.Records;
using SecPanel.Variance;

namespace SecPanel.Server.Pages;

/// <summary>How well each User forecast over the months stored (docs/forecast-quality.md): the counts for everyone, the ranking and each User's chart from Green.</summary>
public sealed class ForecastQualityModel : SecPanelPage
{
    /// <summary>The spans a reader can choose, in months.</summary>
    public static readonly IReadOnlyList<int> Spans = [6, 12, 24];

    /// <summary>The variance report shown.</summary>
    public string Obligation { get; private set; } = "sr-variance";

    /// <summary>Its name.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>How many months back.</summary>
    public int Span { get; private set; } = 12;

    /// <summary>The variance reports, by key and name.</summary>
    public IReadOnlyList<(string Key, string Name)> Reports { get; private set; } = [];

    /// <summary>The months with User lines.</summary>
    public IReadOnlyList<ReportingPeriod> Months { get; private set; } = [];

    /// <summary>The ranking, worst first.</summary>
    public IReadOnlyList<UserQuality> Quality { get; private set; } = [];

    /// <summary>The rule's band.</summary>
    public VarianceRule? Rule { get; private set; }

    /// <summary>Whether the reader's clearance names Users (Green and above).</summary>
    public bool Named => Account?.Clearance >= Tlp.Green;

    /// <summary>Shows <paramref name="obligation"/> over <paramref name="months"/> months.</summary>
    public void OnGet(string? obligation, int? months)
    {
        Title = "Forecast quality";
        var rules = Rules;
        Reports = [.. rules.VarianceRules.Keys.Order(StringComparer.Ordinal).Select(k => (k, rules.Catalogue.Find(k)?.Name ?? k))];
        Obligation = obligation is not null && rules.VarianceRules.ContainsKey(obligation) ? obligation : "sr-variance";
        Name = rules.Catalogue.Find(Obligation)?.Name ?? Obligation;
        Span = months is { } m && Spans.Contains(m) ? m : 12;
        Rule = rules.VarianceRules[Obligation];
        (Months, Quality) = ForecastQualityReport.Read(Store, Obligation, Rule, Span, null);
    }
}
