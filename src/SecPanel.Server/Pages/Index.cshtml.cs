using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace SecPanel.Server.Pages;

/// <summary>The dashboard: the month's reports from the DCC, each committee's open actions, the next meetings; each of what the reader may see.</summary>
public sealed class IndexModel : SecPanelPage
{
    /// <summary>The report filters: value and label.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Filters =
        [("all", "All"), ("late", "Late"), ("due", "Still due"), ("delivered late", "Delivered late"), ("delivered", "Delivered on time")];

    /// <summary>The dashboard, as the API gives it.</summary>
    public DashboardBody Body { get; private set; } = null!;

    /// <summary>The reports shown, after the filter.</summary>
    public IReadOnlyList<DashboardReport> Reports { get; private set; } = [];

    /// <summary>The filter of reports.</summary>
    public string Status { get; private set; } = "all";

    /// <summary>The first month of reports.</summary>
    public YearMonth From { get; private set; }

    /// <summary>The last month of reports (the date's).</summary>
    public YearMonth To { get; private set; }

    /// <summary>What was wrong with the date or filter asked for.</summary>
    public string? Problem { get; private set; }

    /// <summary>How many reports have <paramref name="status"/>, whatever the filter.</summary>
    public int Count(string status) => Body.Reports.Count(r => r.Status == status);

    /// <summary>Shows the dashboard as at <paramref name="date"/> (today by default).</summary>
    public void OnGet(string? date, string? status)
    {
        Title = "Dashboard";
        var today = base.Today;
        var asAt = today;
        if (!string.IsNullOrEmpty(date))
        {
            var parsed = LocalDatePattern.Iso.Parse(date);
            if (parsed.Success && parsed.Value >= SecPanel.Calendar.SupportedDates.First && parsed.Value <= SecPanel.Calendar.SupportedDates.Last)
            {
                asAt = parsed.Value;
            }
            else
            {
                Problem = $"The date '{date}' is not a date from {Shown.Date(SecPanel.Calendar.SupportedDates.First)} to {Shown.Date(SecPanel.Calendar.SupportedDates.Last)}; the dashboard shows today.";
            }
        }

        Status = Filters.Any(f => f.Value == status) ? status! : "all";
        var (body, highest) = Dashboard.For(HttpContext, Store, HttpContext.RequestServices.GetRequiredService<DueDates>(), Account!, asAt);
        Shows(highest);
        Body = body;
        Reports = Status == "all" ? body.Reports : [.. body.Reports.Where(r => r.Status == Status)];
        To = new YearMonth(asAt.Year, asAt.Month);
        From = To.PlusMonths(-Dashboard.MonthsBack);
    }
}
