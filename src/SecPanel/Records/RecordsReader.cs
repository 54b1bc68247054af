using NodaTime;
using SecPanel.Cases;
using SecPanel.Internals;
using SecPanel.Periods;
using SecPanel.Problems;

namespace SecPanel.Records;

/// <summary>
/// Reads the committee records of a case folder or store (see docs/records-format.md), checking
/// each against the rules and the meetings recorded: every problem located by file, line and field.
/// </summary>
internal sealed class RecordsReader(ICsvSource source, RuleBook rules, IReadOnlyList<Meeting> meetings)
{
    internal static readonly CsvSpec Items = new("items.csv", ["committee", "meeting_date", "id", "kind", "title", "text"], ["classification", "public_summary", "obligation", "period", "links"], FileRequired: false);
    internal static readonly CsvSpec Actions = new("actions.csv", ["committee", "meeting_date", "id", "title", "owner", "due", "status"], ["text", "closed", "classification", "public_summary"], FileRequired: false);
    internal static readonly CsvSpec Assurance = new("assurance-decisions.csv", ["meeting_date", "id", "party", "assessment", "status"], ["condition", "classification", "public_summary"], FileRequired: false);
    internal static readonly CsvSpec Letters = new("director-letters.csv", ["meeting_date", "id", "party", "outcome"], ["classification", "public_summary"], FileRequired: false);
    internal static readonly CsvSpec Verifications = new("verification-assessments.csv", ["meeting_date", "id", "party", "outcome"], ["classification", "public_summary"], FileRequired: false);
    internal static readonly CsvSpec Risks = new("risks.csv", ["risk", "revision", "date", "title", "likelihood", "impact", "owner", "treatment", "review_date"], ["description", "classification", "public_summary"], FileRequired: false);
    internal static readonly CsvSpec Milestones = new("milestones.csv", ["id", "title", "planned"], ["actual", "classification", "public_summary"], FileRequired: false);

    /// <summary>Every records file, in the order they are read and written.</summary>
    internal static readonly IReadOnlyList<CsvSpec> Files = [Items, Actions, Assurance, Letters, Verifications, Risks, Milestones];

    private static readonly string[] Assessments = ["FUSA", "VUSA", "SSA"];

    /// <summary>The highest revision number of a risk (docs/records-format.md).</summary>
    private const int MaxRevision = 10_000;

    private readonly List<Problem> problems = [];

    public Result<CommitteeRecords> Read()
    {
        var records = new CommitteeRecords(ReadItems(), ReadActions(), ReadAssurance(), ReadLetters(), ReadVerifications(), ReadRisks(), ReadMilestones());
        return Result<CommitteeRecords>.From(records, problems);
    }

    private List<CommitteeItem> ReadItems() => ReadEach(Items, (row, unique) =>
    {
        var (committee, date) = MeetingOf(row, committeeColumn: true);
        var id = row.Text("id", problems);
        var kindText = row.Text("kind", problems);
        // A highlight may have no title of its own: it continues the one before it in the paper.
        var title = row["title"];
        var text = row.Text("text", problems);
        var level = Level(row, Tlp.White);
        ItemKind kind = default;
        if (kindText is not null && !TryKind(kindText, out kind))
        {
            problems.Add(row.ProblemAt("kind", $"unknown kind '{kindText}'; the kinds are highlight, decision, observation"));
            kindText = null;
        }

        var obligation = row["obligation"];
        ReportingPeriod? period = null;
        if (kind == ItemKind.Observation && kindText is not null)
        {
            period = ReportOf(row);
        }
        else if (obligation.Length > 0 || row["period"].Length > 0)
        {
            problems.Add(row.ProblemAt(obligation.Length > 0 ? "obligation" : "period", "only an observation names a DCC report (obligation and period)"));
        }

        return committee is null || date is null || id is null || kindText is null || text is null || level is null
            || (kind == ItemKind.Observation && period is null)
            || !unique((committee, date.Value, id), "id", $"item '{id}' of the {committee} meeting of {date:uuuu-MM-dd}")
            ? null
            : new CommitteeItem(committee, date.Value, id, kind, title, text, level.Value, row["public_summary"], obligation, period) { Links = LinksOf(row, text) };
    });

    /// <summary>
    /// The <c>links</c> column: <c>label=url</c> entries separated by spaces, each label a word of the
    /// text (no spaces) and each url an absolute http or https address; empty for none.
    /// </summary>
    private List<Link> LinksOf(CsvRow row, string? text)
    {
        var links = new List<Link>();
        foreach (var entry in row["links"].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var label = equals > 0 ? entry[..equals] : string.Empty;
            var address = equals > 0 ? entry[(equals + 1)..] : string.Empty;
            if (label.Length == 0 || address.Length == 0)
            {
                problems.Add(row.ProblemAt("links", $"'{entry}' is not a link; write label=url, such as SECMP0044=https://example.org/modifications/secmp0044, entries separated by spaces"));
            }
            else if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add(row.ProblemAt("links", $"'{address}' is not an http or https address"));
            }
            else if (text is not null && !text.Contains(label, StringComparison.Ordinal))
            {
                problems.Add(row.ProblemAt("links", $"'{label}' is not in the item's text; a link is put on words of the text"));
            }
            else if (links.Any(l => l.Label == label))
            {
                problems.Add(row.ProblemAt("links", $"'{label}' is linked twice"));
            }
            else
            {
                links.Add(new Link(label, url));
            }
        }

        return links;
    }

    private List<CommitteeAction> ReadActions() => ReadEach(Actions, (row, unique) =>
    {
        var (committee, date) = MeetingOf(row, committeeColumn: true);
        var id = row.Text("id", problems);
        var title = row.Text("title", problems);
        var owner = row.Text("owner", problems);
        var statusText = row.Text("status", problems);
        var level = Level(row, Tlp.White);
        var closed = row.OptionalDate("closed", problems);
        var due = Due(row);
        ActionStatus? parsed = statusText?.ToLowerInvariant() switch
        {
            "open" => ActionStatus.Open,
            "done" => ActionStatus.Done,
            "dropped" => ActionStatus.Dropped,
            _ => null,
        };
        if (statusText is not null && parsed is null)
        {
            problems.Add(row.ProblemAt("status", $"unknown status '{statusText}'; the statuses are open, done, dropped"));
            statusText = null;
        }

        var status = parsed ?? ActionStatus.Open;
        if (statusText is not null && status == ActionStatus.Open && closed is not null)
        {
            problems.Add(row.ProblemAt("closed", "an open action has no closing date; set status to done or dropped"));
            statusText = null;
        }

        if (date is { } m && due is { } owed && owed.Date < m)
        {
            problems.Add(row.ProblemAt("due", $"{(owed.IsMonth ? owed.Date.ToString("uuuu-MM", null) : owed.Date.ToString("uuuu-MM-dd", null))} is before the meeting that gave the action ({m:uuuu-MM-dd})"));
            due = null;
        }

        if (date is { } d && closed is { } c && c < d)
        {
            problems.Add(row.ProblemAt("closed", $"{c:uuuu-MM-dd} is before the meeting that gave the action ({d:uuuu-MM-dd})"));
            closed = null;
        }

        return committee is null || date is null || id is null || title is null || owner is null || statusText is null || level is null || due is null
            || (closed is null && row["closed"].Length > 0)
            || !unique((committee, date.Value, id), "id", $"action '{id}' of the {committee} meeting of {date:uuuu-MM-dd}")
            ? null
            : new CommitteeAction(committee, date.Value, id, title, row["text"], owner, due.Value.Date, due.Value.IsMonth, status, closed, level.Value, row["public_summary"]);
    });

    private List<AssuranceDecision> ReadAssurance() => ReadEach(Assurance, (row, unique) =>
    {
        var (_, date) = MeetingOf(row, committeeColumn: false, "SSC");
        var id = row.Text("id", problems);
        var party = row.Text("party", problems);
        var assessment = row.Text("assessment", problems);
        var status = row.Text("status", problems);
        var level = Level(row, Tlp.Red);
        if (assessment is not null && !Assessments.Contains(assessment.ToUpperInvariant()))
        {
            problems.Add(row.ProblemAt("assessment", $"unknown assessment '{assessment}'; the assessments are FUSA, VUSA, SSA"));
            assessment = null;
        }

        if (status is not null && date is { } day)
        {
            var term = rules.AssuranceStatuses.FirstOrDefault(t => string.Equals(t.Status, status, StringComparison.OrdinalIgnoreCase));
            if (term is null || !term.InForceOn(day))
            {
                var inForce = string.Join("; ", rules.AssuranceStatuses.Where(t => t.InForceOn(day)).Select(t => t.Status));
                problems.Add(row.ProblemAt("status", term is null
                    ? $"unknown Assurance Status '{status}'; on {day:uuuu-MM-dd} the statuses are: {inForce}"
                    : $"'{status}' was not an Assurance Status on {day:uuuu-MM-dd}; the statuses then were: {inForce}"));
                status = null;
            }
            else
            {
                status = term.Status;
            }
        }

        if (status == "Approved, subject to" && row["condition"].Length == 0)
        {
            problems.Add(row.ProblemAt("condition", "'Approved, subject to' needs the condition"));
            status = null;
        }

        return date is null || id is null || party is null || assessment is null || status is null || level is null
            || !unique(("SSC", date.Value, id), "id", $"assurance decision '{id}' of {date:uuuu-MM-dd}")
            ? null
            : new AssuranceDecision(date.Value, id, party, assessment.ToUpperInvariant(), status, row["condition"], level.Value, row["public_summary"]);
    });

    private List<DirectorLetter> ReadLetters() => ReadEach(Letters, (row, unique) =>
    {
        var (_, date) = MeetingOf(row, committeeColumn: false, "SSC");
        var id = row.Text("id", problems);
        var party = row.Text("party", problems);
        var outcome = row.Text("outcome", problems);
        var level = Level(row, Tlp.Red);
        return date is null || id is null || party is null || outcome is null || level is null
            || !unique(("SSC", date.Value, id), "id", $"Director Letter '{id}' of {date:uuuu-MM-dd}")
            ? null
            : new DirectorLetter(date.Value, id, party, outcome, level.Value, row["public_summary"]);
    });

    private List<VerificationAssessment> ReadVerifications() => ReadEach(Verifications, (row, unique) =>
    {
        var (_, date) = MeetingOf(row, committeeColumn: false, "SSC");
        var id = row.Text("id", problems);
        var party = row.Text("party", problems);
        var outcomeText = row.Text("outcome", problems);
        var level = Level(row, Tlp.Red);
        VerificationOutcome? outcome = outcomeText?.ToLowerInvariant() switch
        {
            null => null,
            "compliant" => VerificationOutcome.Compliant,
            "potentially-non-compliant" => VerificationOutcome.PotentiallyNonCompliant,
            "non-compliant" => VerificationOutcome.NonCompliant,
            _ => null,
        };
        if (outcomeText is not null && outcome is null)
        {
            problems.Add(row.ProblemAt("outcome", $"unknown outcome '{outcomeText}'; the outcomes are compliant, potentially-non-compliant, non-compliant"));
        }

        return date is null || id is null || party is null || outcome is null || level is null
            || !unique(("SSC", date.Value, id), "id", $"Verification Assessment '{id}' of {date:uuuu-MM-dd}")
            ? null
            : new VerificationAssessment(date.Value, id, party, outcome.Value, level.Value, row["public_summary"]);
    });

    private List<RiskRevision> ReadRisks()
    {
        var rows = new Dictionary<RiskRevision, CsvRow>(ReferenceEqualityComparer.Instance);
        var revisions = ReadEach(Risks, (row, unique) =>
        {
            var risk = row.Text("risk", problems);
            var revision = row.Count("revision", problems);
            var date = row.Date("date", problems);
            var title = row.Text("title", problems);
            var likelihood = Score(row, "likelihood");
            var impact = Score(row, "impact");
            var owner = row.Text("owner", problems);
            var treatment = row.Text("treatment", problems);
            var review = row.Date("review_date", problems);
            var level = Level(row, Tlp.White);
            if (revision is 0 or > MaxRevision)
            {
                problems.Add(row.ProblemAt("revision", revision == 0 ? "revisions are numbered from 1" : $"{revision} is more than {MaxRevision:N0}, the highest revision kept"));
                revision = null;
            }

            if (date is { } d && review is { } r && r < d)
            {
                problems.Add(row.ProblemAt("review_date", $"{r:uuuu-MM-dd} is before the revision's own date {d:uuuu-MM-dd}"));
                review = null;
            }

            var result = risk is null || revision is null || date is null || title is null || likelihood is null || impact is null || owner is null || treatment is null || review is null || level is null
                || !unique((risk, default, revision.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), "revision", $"revision {revision} of risk '{risk}'")
                ? null
                : new RiskRevision(risk, (int)revision.Value, date.Value, title, row["description"], likelihood.Value, impact.Value, owner, treatment, review.Value, level.Value, row["public_summary"]);
            if (result is not null)
            {
                rows[result] = row;
            }

            return result;
        });

        // A later revision cannot be dated before an earlier one: the register's history reads
        // forward. The problem is placed on the line being read rather than one already stored.
        foreach (var risk in revisions.GroupBy(r => r.RiskId))
        {
            var ordered = risk.OrderBy(r => r.Revision).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Date < ordered[i - 1].Date)
                {
                    var at = new[] { rows[ordered[i]], rows[ordered[i - 1]] }.FirstOrDefault(r => !r.File.StartsWith(CsvFile.StorePrefix, StringComparison.Ordinal)) ?? rows[ordered[i]];
                    problems.Add(at.ProblemAt("date", $"revision {ordered[i].Revision} of risk '{risk.Key}' is dated {ordered[i].Date:uuuu-MM-dd}, before revision {ordered[i - 1].Revision} ({ordered[i - 1].Date:uuuu-MM-dd})"));
                }
            }
        }

        return revisions;
    }

    private List<Milestone> ReadMilestones() => ReadEach(Milestones, (row, unique) =>
    {
        var id = row.Text("id", problems);
        var title = row.Text("title", problems);
        var planned = row.Date("planned", problems);
        var actual = row.OptionalDate("actual", problems);
        var level = Level(row, Tlp.White);
        return id is null || title is null || planned is null || level is null || (actual is null && row["actual"].Length > 0)
            || !unique((id, default, string.Empty), "id", $"milestone '{id}'")
            ? null
            : new Milestone(id, title, planned.Value, actual, level.Value, row["public_summary"]);
    });

    /// <summary>Reads every row of a file with <paramref name="read"/>, which may use the uniqueness check it is given.</summary>
    private List<T> ReadEach<T>(CsvSpec spec, Func<CsvRow, Func<(string, LocalDate, string), string, string, bool>, T?> read)
        where T : class
    {
        var result = new List<T>();
        var csv = source.Open(spec, problems);
        var lines = new Dictionary<(string, LocalDate, string), int>();
        foreach (var row in csv?.Rows ?? [])
        {
            bool Unique((string, LocalDate, string) key, string field, string what)
            {
                if (lines.TryGetValue(key, out var first))
                {
                    problems.Add(row.ProblemAt(field, $"{what} is already given on line {first}"));
                    return false;
                }

                lines[key] = row.Line;
                return true;
            }

            var before = problems.Count;
            if (read(row, Unique) is { } record && problems.Count == before)
            {
                result.Add(record);
            }
        }

        return result;
    }

    private (string? Committee, LocalDate? Date) MeetingOf(CsvRow row, bool committeeColumn, string? fixedCommittee = null)
    {
        var committee = committeeColumn ? row.Text("committee", problems) : fixedCommittee;
        var date = row.Date("meeting_date", problems);
        if (committee is not null && committeeColumn && rules.Committees.All(c => c.Key != committee))
        {
            problems.Add(row.ProblemAt("committee", $"unknown committee '{committee}'; the committees are {string.Join(", ", rules.Committees.Select(c => c.Key))}"));
            return (null, date);
        }

        if (committee is not null && date is { } d && !meetings.Any(m => m.Committee == committee && m.Date == d))
        {
            problems.Add(row.ProblemAt("meeting_date", $"no {committee} meeting on {d:uuuu-MM-dd} is recorded in {CaseFolder.MeetingFile}"));
            return (committee, null);
        }

        return (committee, date);
    }

    private ReportingPeriod? ReportOf(CsvRow row)
    {
        var key = row["obligation"];
        var obligation = key.Length == 0 ? null : rules.Catalogue.Find(key);
        if (obligation is null)
        {
            problems.Add(row.ProblemAt("obligation", key.Length == 0
                ? "an observation names the DCC report it is about: give its obligation and period"
                : $"unknown obligation '{key}'; the obligations are {rules.Catalogue.KeyList}"));
            return null;
        }

        if (!ReportingPeriod.TryParse(row["period"], obligation.Cadence, out var period, out var error))
        {
            problems.Add(row.ProblemAt("period", error));
            return null;
        }

        return period;
    }

    private (LocalDate Date, bool IsMonth)? Due(CsvRow row)
    {
        var text = row["due"];
        if (text.Length == 0)
        {
            problems.Add(row.ProblemAt("due", "a due date (YYYY-MM-DD) or month (YYYY-MM) is required"));
            return null;
        }

        if (ReportingPeriod.TryParse(text, Cadence.Monthly, out var month, out var error))
        {
            return (month.End, true);
        }

        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{4}-\d{1,2}$"))
        {
            problems.Add(row.ProblemAt("due", error));
            return null;
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}$"))
        {
            problems.Add(row.ProblemAt("due", $"'{text}' is neither a date (YYYY-MM-DD) nor a month (YYYY-MM)"));
            return null;
        }

        return row.Date("due", problems) is { } date ? (date, false) : null;
    }

    private Tlp? Level(CsvRow row, Tlp byDefault)
    {
        var text = row["classification"];
        if (text.Length == 0)
        {
            return byDefault;
        }

        if (Tlps.TryParse(text, out var level))
        {
            return level;
        }

        problems.Add(row.ProblemAt("classification", $"unknown classification '{text}'; the levels are RED, AMBER, GREEN, WHITE (or CLEAR)"));
        return null;
    }

    private int? Score(CsvRow row, string column)
    {
        var value = row.Count(column, problems);
        if (value is < 1 or > 5)
        {
            problems.Add(row.ProblemAt(column, $"{value} is not from 1 to 5"));
            return null;
        }

        return (int?)value;
    }

    private static bool TryKind(string text, out ItemKind kind)
    {
        kind = text.ToLowerInvariant() switch
        {
            "highlight" => ItemKind.Highlight,
            "decision" => ItemKind.Decision,
            "observation" => ItemKind.Observation,
            _ => (ItemKind)(-1),
        };
        return Enum.IsDefined(kind);
    }
}
