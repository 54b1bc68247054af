using System.Globalization;
using SecPanel.Storage;

namespace SecPanel.Server.Pages;

/// <summary>The DCC's deliveries (not classified: every account reads them), filtered by report and period, a page at a time.</summary>
public sealed class DeliveriesModel : SecPanelPage
{
    /// <summary>Deliveries on a page.</summary>
    public const int PageSize = 50;

    /// <summary>The page of deliveries.</summary>
    public RecordPage? List { get; private set; }

    /// <summary>The obligations to filter on: key and name.</summary>
    public IReadOnlyList<(string Key, string Name)> Obligations { get; private set; } = [];

    /// <summary>The obligation filtered on.</summary>
    public string? Obligation { get; private set; }

    /// <summary>The period filtered on.</summary>
    public string? Period { get; private set; }

    /// <summary>An obligation's name, or its key when the catalogue does not hold it.</summary>
    public string NameOf(string key) => Obligations.FirstOrDefault(o => o.Key == key).Name ?? key;

    /// <summary>The address of another page.</summary>
    public string PageLink(int offset) =>
        $"/deliveries?obligation={Uri.EscapeDataString(Obligation ?? string.Empty)}&period={Uri.EscapeDataString(Period ?? string.Empty)}&offset={offset.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Shows a page of deliveries.</summary>
    public void OnGet(string? obligation, string? period, int offset = 0)
    {
        Title = "Deliveries";
        Obligations = [.. Api.Obligations(Rules).Select(o => (o.Key, o.Name))];
        Obligation = string.IsNullOrWhiteSpace(obligation) ? null : obligation.Trim();
        Period = string.IsNullOrWhiteSpace(period) ? null : period.Trim();
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Obligation is not null)
        {
            filters["obligation"] = Obligation;
        }

        if (Period is not null)
        {
            filters["period"] = Period;
        }

        List = Store.ReadRecords("delivery", Access!, filters, Math.Max(0, offset), PageSize);
    }
}
