using NodaTime;

namespace SecPanel.Records;

/// <summary>A committee whose meetings SecPanel records, and the section of the Panel paper that reports it (null for the Panel itself).</summary>
public sealed record Committee(string Key, string Name, int? Section, string SectionTitle);

/// <summary>
/// A word of the SSC's Assurance Status vocabulary and when it was in force (both ends included;
/// null for open-ended). The vocabulary changed on 27 February 2020: "Provisionally Approved" went,
/// "Rejected" came.
/// </summary>
public sealed record AssuranceStatusTerm(string Status, LocalDate? From, LocalDate? Until)
{
    /// <summary>True when the term could be used in a decision taken on <paramref name="date"/>.</summary>
    public bool InForceOn(LocalDate date) => (From is null || date >= From) && (Until is null || date <= Until);
}
