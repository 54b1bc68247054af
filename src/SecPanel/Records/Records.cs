using NodaTime;
using SecPanel.Periods;

namespace SecPanel.Records;

/// <summary>What an item recorded at a meeting is.</summary>
public enum ItemKind
{
    /// <summary>A meeting highlight: a paragraph the Panel paper carries under the committee's highlights.</summary>
    Highlight,

    /// <summary>A decision the committee took.</summary>
    Decision,

    /// <summary>An observation or follow-up on a DCC report ("DCC requested to provide statement of assurance").</summary>
    Observation,
}

/// <summary>
/// Anything that can be classified: its level, and the public summary that stands in its place in
/// a document at a lower level (empty when it has none: the document then says only that a further
/// item is in the appendix).
/// </summary>
public interface IClassified
{
    /// <summary>The item's Traffic Light Protocol level.</summary>
    Tlp Classification { get; }

    /// <summary>What a lower-level document may say in its place; never drawn from the item's own text.</summary>
    string PublicSummary { get; }

    /// <summary>The committee whose record it is.</summary>
    string Committee { get; }
}

/// <summary>A highlight, decision or observation recorded at a committee meeting.</summary>
/// <param name="Committee">The committee, such as <c>OPSG</c>.</param>
/// <param name="MeetingDate">The meeting it was recorded at.</param>
/// <param name="Id">Its identifier, unique within the meeting.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Title">The heading a paper gives it.</param>
/// <param name="Text">Its text.</param>
/// <param name="Classification">Its level.</param>
/// <param name="PublicSummary">What a lower-level document says in its place.</param>
/// <param name="Obligation">For an observation, the obligation of the DCC report it is about; empty otherwise.</param>
/// <param name="Period">For an observation, the period of that report.</param>
public sealed record CommitteeItem(string Committee, LocalDate MeetingDate, string Id, ItemKind Kind, string Title, string Text, Tlp Classification, string PublicSummary, string Obligation, ReportingPeriod? Period) : IClassified
{
    /// <summary>Links the paper puts on words of the text, such as a modification's page on "SECMP0044"; none by default.</summary>
    public IReadOnlyList<Link> Links { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(CommitteeItem? other) =>
        other is not null && EqualityContract == other.EqualityContract && (Committee, MeetingDate, Id, Kind, Title, Text, Classification, PublicSummary, Obligation, Period) == (other.Committee, other.MeetingDate, other.Id, other.Kind, other.Title, other.Text, other.Classification, other.PublicSummary, other.Obligation, other.Period)
        && Links.SequenceEqual(other.Links);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Committee, MeetingDate, Id, Text, Links.Count);
}

/// <summary>A hyperlink on the first place <paramref name="Label"/> occurs in a record's text.</summary>
/// <param name="Label">The words linked, as they are in the text (no spaces): <c>SECMP0044</c>.</param>
/// <param name="Url">Where it leads: an absolute http or https address.</param>
public sealed record Link(string Label, Uri Url);

/// <summary>Where an action stands.</summary>
public enum ActionStatus
{
    /// <summary>Not yet done: it carries forward to later meetings.</summary>
    Open,

    /// <summary>Done.</summary>
    Done,

    /// <summary>No longer wanted.</summary>
    Dropped,
}

/// <summary>
/// An action given at a meeting: to whom, by when (a date, or a month for "back to the group in
/// August 2018", due by that month's end), and whether it is done. An open action past due is overdue.
/// </summary>
public sealed record CommitteeAction(string Committee, LocalDate MeetingDate, string Id, string Title, string Text, string Owner, LocalDate Due, bool DueIsMonth, ActionStatus Status, LocalDate? Closed, Tlp Classification, string PublicSummary) : IClassified
{
    /// <summary>True when the action is open and past due on <paramref name="date"/>.</summary>
    public bool IsOverdueOn(LocalDate date) => IsOpenOn(date) && date > Due;

    /// <summary>True when the action is still open on <paramref name="date"/> (closed later, or not at all).</summary>
    public bool IsOpenOn(LocalDate date) => date >= MeetingDate && (Status == ActionStatus.Open || (Closed is { } closed && closed > date));
}

/// <summary>An Assurance Status the SSC set for a Party after a User Security Assessment; the Party is named, so it is confidential by default.</summary>
public sealed record AssuranceDecision(LocalDate MeetingDate, string Id, string Party, string Assessment, string Status, string Condition, Tlp Classification, string PublicSummary) : IClassified
{
    /// <inheritdoc />
    public string Committee => "SSC";
}

/// <summary>A Director Letter the SSC reviewed for a named User; confidential by default.</summary>
public sealed record DirectorLetter(LocalDate MeetingDate, string Id, string Party, string Outcome, Tlp Classification, string PublicSummary) : IClassified
{
    /// <inheritdoc />
    public string Committee => "SSC";
}

/// <summary>The outcome of a Verification Assessment as the SSC judged it.</summary>
public enum VerificationOutcome
{
    /// <summary>Compliant with G3 to G6.</summary>
    Compliant,

    /// <summary>Potentially non-compliant: the Panel must be notified.</summary>
    PotentiallyNonCompliant,

    /// <summary>Non-compliant: the Panel must be notified.</summary>
    NonCompliant,
}

/// <summary>A Verification Assessment the SSC reviewed for a named User; confidential by default.</summary>
public sealed record VerificationAssessment(LocalDate MeetingDate, string Id, string Party, VerificationOutcome Outcome, Tlp Classification, string PublicSummary) : IClassified
{
    /// <inheritdoc />
    public string Committee => "SSC";

    /// <summary>True when the SSC must notify the Panel (non-compliance, or potential non-compliance, with G3 to G6).</summary>
    public bool NotifyPanel => Outcome != VerificationOutcome.Compliant;
}

/// <summary>One revision of a risk in the TABASC risk register: each change is a new revision; earlier ones are kept.</summary>
public sealed record RiskRevision(string RiskId, int Revision, LocalDate Date, string Title, string Description, int Likelihood, int Impact, string Owner, string Treatment, LocalDate ReviewDate, Tlp Classification, string PublicSummary) : IClassified
{
    /// <inheritdoc />
    public string Committee => "TABASC";

    /// <summary>Likelihood times impact, each from 1 to 5.</summary>
    public int Score => Likelihood * Impact;
}

/// <summary>A TAG testing milestone with its planned and actual dates.</summary>
public sealed record Milestone(string Id, string Title, LocalDate Planned, LocalDate? Actual, Tlp Classification, string PublicSummary) : IClassified
{
    /// <inheritdoc />
    public string Committee => "TAG";

    /// <summary>True when the milestone was met after its planned date, or is not met and past it on <paramref name="date"/>.</summary>
    public bool IsLateOn(LocalDate date) => Actual is { } actual ? actual > Planned : date > Planned;
}

/// <summary>Every committee record of a workspace.</summary>
public sealed record CommitteeRecords(
    IReadOnlyList<CommitteeItem> Items,
    IReadOnlyList<CommitteeAction> Actions,
    IReadOnlyList<AssuranceDecision> AssuranceDecisions,
    IReadOnlyList<DirectorLetter> DirectorLetters,
    IReadOnlyList<VerificationAssessment> VerificationAssessments,
    IReadOnlyList<RiskRevision> Risks,
    IReadOnlyList<Milestone> Milestones)
{
    /// <summary>No records.</summary>
    public static CommitteeRecords Empty { get; } = new([], [], [], [], [], [], []);
}
