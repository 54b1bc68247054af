namespace SecPanel.Performance;

/// <summary>
/// What a Target Response Time applies to, and the Code Performance Measure it counts towards
/// (by the measure column of <c>data/target-response-times.csv</c>).
/// </summary>
public enum ResponseCategory
{
    /// <summary>On-demand Service Requests: from received to responded (CPM 1).</summary>
    OnDemand,

    /// <summary>Future-dated Service Requests: from the scheduled execution time to responded (CPM 2).</summary>
    FutureDated,

    /// <summary>Alerts: from generated to delivered (CPM 3).</summary>
    Alert,

    /// <summary>SMKI certificates: from the CSR received to the certificate issued (CPM 7).</summary>
    Csr,
}

/// <summary>Keys of <see cref="ResponseCategory"/> in data files and JSON.</summary>
public static class ResponseCategories
{
    /// <summary>Every category, in report order.</summary>
    public static IReadOnlyList<ResponseCategory> All { get; } = [ResponseCategory.OnDemand, ResponseCategory.FutureDated, ResponseCategory.Alert, ResponseCategory.Csr];

    /// <summary>The key, such as <c>on-demand</c>.</summary>
    public static string Key(this ResponseCategory category) => category switch
    {
        ResponseCategory.OnDemand => "on-demand",
        ResponseCategory.FutureDated => "future-dated",
        ResponseCategory.Alert => "alert",
        _ => "csr",
    };

    /// <summary>The category with key <paramref name="key"/>, if any.</summary>
    public static ResponseCategory? Parse(string key) => All.Cast<ResponseCategory?>().FirstOrDefault(c => c!.Value.Key() == key);
}
