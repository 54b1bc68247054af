using NodaTime;
using NodaTime.Text;
using SecPanel.Maintenance;

namespace SecPanel.Server.Pages;

/// <summary>
/// The DCC's Planned Maintenance windows (not classified: notified to every User), each with the
/// notice it was given against the rules; a window given short notice is flagged, as for OPSG.
/// </summary>
public sealed class MaintenanceModel : SecPanelPage
{
    /// <summary>Days before today the list starts at by default.</summary>
    public const int DaysBack = 92;

    /// <summary>Days after today the list ends at by default.</summary>
    public const int DaysAhead = 183;

    /// <summary>The most days a list may cover: the windows of about two years.</summary>
    public const int MostDays = 732;

    /// <summary>The first day of the list.</summary>
    public LocalDate From { get; private set; }

    /// <summary>The last day of the list.</summary>
    public LocalDate To { get; private set; }

    /// <summary>What is wrong with the dates asked for, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The windows starting from <see cref="From"/> to <see cref="To"/>, each with its notice.</summary>
    public IReadOnlyList<MaintenanceNotice> Windows { get; private set; } = [];

    /// <summary>Shows the windows starting in the range (default: three months back to six ahead).</summary>
    public void OnGet(string? from, string? to)
    {
        Title = "Planned maintenance";
        (From, To) = (Today.PlusDays(-DaysBack), Today.PlusDays(DaysAhead));
        if (Day(from, "from") is { } first)
        {
            From = first;
        }

        if (Day(to, "to") is { } last)
        {
            To = last;
        }

        if (Error is null && To < From)
        {
            Error = $"to ({To:uuuu-MM-dd}) is before from ({From:uuuu-MM-dd}).";
        }
        else if (Error is null && Period.DaysBetween(From, To) > MostDays)
        {
            Error = $"from {From:uuuu-MM-dd} to {To:uuuu-MM-dd} is more than {MostDays} days; ask for two years at most.";
        }

        if (Error is not null)
        {
            return;
        }

        var rules = Rules;
        var calendar = rules.CalendarFor(Calendar.Region.EnglandAndWales);
        Windows = [.. Store.MaintenanceStarting(From, To)
            .Select(w => rules.Maintenance.Find(w.Service) is { } service ? PlannedMaintenance.Notice(w, service, calendar) : null)
            .OfType<MaintenanceNotice>()];
    }

    private LocalDate? Day(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success && Calendar.SupportedDates.Problem(parsed.Value, text) is null)
        {
            return parsed.Value;
        }

        Error ??= $"{name}: '{text.Trim()}' is not a date of the form YYYY-MM-DD that SecPanel keeps.";
        return null;
    }
}
