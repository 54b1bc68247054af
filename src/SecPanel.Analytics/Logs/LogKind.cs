namespace SecPanel.Analytics.Logs;

/// <summary>The kinds of traffic log file, each with its own columns (see docs/traffic.md).</summary>
public enum LogKind
{
    /// <summary>Service Requests sent by Users, with their Service Responses.</summary>
    ServiceRequests,

    /// <summary>Alerts delivered to Users (device and DCC alerts).</summary>
    Alerts,

    /// <summary>Certificate Signing Requests from Authorised Subscribers.</summary>
    Csrs,

    /// <summary>Users' monthly Service Request forecasts.</summary>
    SrForecasts,

    /// <summary>Authorised Subscribers' monthly CSR forecasts.</summary>
    CsrForecasts,

    /// <summary>When a service with Planned Maintenance was unavailable, as the DCC's monitoring recorded it.</summary>
    Outages,
}

/// <summary>File names and columns of each <see cref="LogKind"/>.</summary>
public static class LogKinds
{
    /// <summary>The file-name prefix of <paramref name="kind"/>: <c>service-requests</c> in <c>service-requests-2026-11-03.csv</c>.</summary>
    public static string Prefix(this LogKind kind) => kind switch
    {
        LogKind.ServiceRequests => "service-requests",
        LogKind.Alerts => "alerts",
        LogKind.Csrs => "csrs",
        LogKind.SrForecasts => "sr-forecasts",
        LogKind.Outages => "outages",
        _ => "csr-forecasts",
    };

    /// <summary>The columns a file of <paramref name="kind"/> must have; others are allowed and ignored.</summary>
    public static IReadOnlyList<string> Columns(this LogKind kind) => kind switch
    {
        LogKind.ServiceRequests => ServiceRequestColumns,
        LogKind.Alerts => AlertColumns,
        LogKind.Csrs => CsrColumns,
        LogKind.SrForecasts => ["month", "user", "srv", "forecast"],
        LogKind.Outages => ["id", "service", "started", "ended"],
        _ => ["month", "subscriber", "forecast"],
    };

    internal static readonly string[] ServiceRequestColumns = ["id", "user", "user_role", "srv", "smets", "category", "received", "scheduled", "responded", "outcome"];

    internal static readonly string[] AlertColumns = ["id", "alert_code", "source", "recipient", "generated", "delivered"];

    internal static readonly string[] CsrColumns = ["id", "subscriber", "certificate_kind", "received", "issued"];

    /// <summary>Every kind, in the order files are listed.</summary>
    public static IReadOnlyList<LogKind> All { get; } = [LogKind.ServiceRequests, LogKind.Alerts, LogKind.Csrs, LogKind.SrForecasts, LogKind.CsrForecasts, LogKind.Outages];
}
