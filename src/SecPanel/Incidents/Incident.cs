using NodaTime;

namespace SecPanel.Incidents;

/// <summary>
/// The Target Resolution Time of an incident category (1 most severe to 5) and the group it is
/// measured in (CPM 4 groups categories 1-2, CPM 5 categories 3-5). Defaults live in
/// <c>data/incident-resolution.csv</c>.
/// </summary>
public sealed record IncidentTarget(int Category, Duration TargetResolution, string Group);

/// <summary>An incident reported in a DCC report: raised, and resolved (null while open), in local time.</summary>
public sealed record Incident(string Id, int Category, LocalDateTime Opened, LocalDateTime? Resolved);
