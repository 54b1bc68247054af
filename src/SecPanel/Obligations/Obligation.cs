using SecPanel.Periods;

namespace SecPanel.Obligations;

/// <summary>What a report's content is checked for.</summary>
public enum ContentKind
{
    /// <summary>Only that it was received; no figures are checked.</summary>
    None,

    /// <summary>Volumes sent against forecast, in total and per User or Subscriber (H3.24, L8.9).</summary>
    Variance,

    /// <summary>Service levels against their Target and Minimum (H13.4).</summary>
    Performance,

    /// <summary>Incidents resolved and open in the period (Appendix AG 2.5.10).</summary>
    Incidents,
}

/// <summary>
/// A report the DCC owes the Panel under the SEC: which clause requires it, how often, by when,
/// and what its content is checked for.
/// </summary>
/// <param name="Key">The short key used in data files and on the command line, such as <c>pmr</c>.</param>
/// <param name="Name">The report's name as papers print it.</param>
/// <param name="SecReference">The SEC clause requiring it, such as <c>H13.4</c>; empty when not confirmed.</param>
/// <param name="ContentReference">The clause the content answers to, when a paper cites a different one (PMR content is "per SEC H13.1"); empty otherwise.</param>
/// <param name="Cadence">How often an instance is owed.</param>
/// <param name="Deadline">When each instance is due.</param>
/// <param name="Content">What the content is checked for.</param>
/// <param name="Counts">For variance reports, what is counted ("Service Requests"); empty otherwise.</param>
/// <param name="Note">Why a default was chosen, or anything else a reader of the catalogue should know.</param>
public sealed record Obligation(
    string Key,
    string Name,
    string SecReference,
    string ContentReference,
    Cadence Cadence,
    DeadlineRule Deadline,
    ContentKind Content,
    string Counts,
    string Note)
{
    /// <summary>
    /// The obligation as a paper states it: "SEC H13.4 – Monthly 25 working days following end of month",
    /// or "SEC Appendix AG 2.5.10 – Monthly – timing not specified".
    /// </summary>
    public string DeliveryRule
    {
        get
        {
            var rule = Deadline.SetsDueDate
                ? $"{Cadence.Title()} {Deadline.Describe(Cadence)}"
                : $"{Cadence.Title()} – {Deadline.Describe(Cadence)}";
            return SecReference.Length == 0 ? rule : $"SEC {SecReference} – {rule}";
        }
    }
}
