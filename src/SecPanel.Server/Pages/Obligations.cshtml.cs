namespace SecPanel.Server.Pages;

/// <summary>The obligation catalogue (nothing in it is classified), filtered by a text the reader types.</summary>
public sealed class ObligationsModel : SecPanelPage
{
    /// <summary>The obligations shown.</summary>
    public IReadOnlyList<ObligationBody> Obligations { get; private set; } = [];

    /// <summary>How many the catalogue holds.</summary>
    public int Total { get; private set; }

    /// <summary>The filter typed.</summary>
    public string? Query { get; private set; }

    /// <summary>Shows the catalogue, or the obligations whose name, key, clause or rule contains <paramref name="q"/>.</summary>
    public void OnGet(string? q)
    {
        Title = "Obligations";
        Query = q?.Trim();
        var all = Api.Obligations(Rules);
        Total = all.Count;
        Obligations = string.IsNullOrEmpty(Query) ? all : [.. all.Where(o =>
            o.Name.Contains(Query, StringComparison.OrdinalIgnoreCase) || o.Key.Contains(Query, StringComparison.OrdinalIgnoreCase)
            || o.SecReference.Contains(Query, StringComparison.OrdinalIgnoreCase) || o.DeliveryRule.Contains(Query, StringComparison.OrdinalIgnoreCase))];
    }
}
