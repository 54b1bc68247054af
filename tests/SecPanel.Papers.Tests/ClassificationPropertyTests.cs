using FsCheck.Xunit;
using NodaTime;
using SecPanel.Cases;
using SecPanel.Papers.Composing;
using SecPanel.Records;
using Xunit;

namespace SecPanel.Papers.Tests;

/// <summary>
/// Classification is proven, not hoped: FsCheck draws many workspaces whose every record carries a
/// random level and unique marker words in each of its fields, and a paper at a random level. No
/// rendering of a document (Markdown, HTML, or any part of the DOCX package) may hold a marker of a
/// record above that document's level; and every record appears in full somewhere (the body, or the
/// appendix of its own level), so that nothing is silently dropped either.
/// </summary>
public class ClassificationPropertyTests
{
    internal static readonly LocalDate PanelDate = new(2018, 7, 13);

    [Property(MaxTest = 150)]
    public bool NoDocument_HoldsAnythingFromARecordAboveItsLevel(int seed)
    {
        var random = new Random(seed);
        var (workspace, markers) = RandomWorkspace(random);
        var level = (Tlp)random.Next(0, 3);
        var paper = new PaperComposer(Workspace.Rules, workspace).Compose(new PaperRequest(58, PanelDate, 20, "Author", "SECAS Team", PanelDate, level)).Value;
        var documents = new[] { paper.Body }.Concat(paper.Appendices).ToList();
        var texts = documents.ToDictionary(d => d, d => string.Join("\n", Workspace.Renderings(d)));

        foreach (var (marker, recordLevel) in markers)
        {
            foreach (var document in documents.Where(d => recordLevel > d.Level))
            {
                Assert.DoesNotContain(marker, texts[document], StringComparison.Ordinal);
            }

            // Complete as well as safe: the record is shown in full where its level allows.
            var home = recordLevel <= level ? paper.Body : documents.Single(d => d.Level == recordLevel);
            Assert.Contains(marker, texts[home], StringComparison.Ordinal);
        }

        Assert.All(paper.Appendices, a => Assert.True(a.Level > level));
        return true;
    }

    /// <summary>A workspace of every kind of record, each field holding a marker word unique to the record.</summary>
    internal static (AssessmentCase Workspace, List<(string Marker, Tlp Level)> Markers) RandomWorkspace(Random random)
    {
        var markers = new List<(string, Tlp)>();
        var n = 0;
        (string A, string B, Tlp Level) Next()
        {
            var level = (Tlp)random.Next(0, 4);
            var a = $"MARKA{n}X{random.Next(100_000, 999_999)}";
            var b = $"MARKB{n}X{random.Next(100_000, 999_999)}";
            n++;
            markers.Add((a, level));
            markers.Add((b, level));
            return (a, b, level);
        }

        string Summary(Tlp level) => random.Next(3) == 0 ? $"A public summary at {level}" : string.Empty;

        var meetings = Meetings();
        var items = new List<CommitteeItem>();
        var actions = new List<CommitteeAction>();
        foreach (var meeting in meetings.Skip(1))
        {
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                var (a, b, level) = Next();
                var kind = meeting.Committee == "OPSG" && random.Next(3) == 0 ? ItemKind.Observation : (random.Next(4) == 0 ? ItemKind.Decision : ItemKind.Highlight);
                var obligation = kind == ItemKind.Observation ? "rdp-incidents" : string.Empty;
                Periods.ReportingPeriod? period = kind == ItemKind.Observation ? Periods.ReportingPeriod.Containing(Periods.Cadence.Monthly, new LocalDate(2018, 5, 1)) : null;
                // An observation shows in the DCC table by its text alone (its title is a label): both markers go in the text.
                items.Add(kind == ItemKind.Observation
                    ? new CommitteeItem(meeting.Committee, meeting.Date, $"I{n}", kind, "Observation", $"{a} {b}", level, Summary(level), obligation, period)
                    : new CommitteeItem(meeting.Committee, meeting.Date, $"I{n}", kind, a, b, level, Summary(level), obligation, period));
            }

            for (var i = random.Next(0, 3); i > 0; i--)
            {
                var (a, b, level) = Next();
                actions.Add(new CommitteeAction(meeting.Committee, meeting.Date, $"A{n}", a, "text", b, new LocalDate(2018, 8, 31), true, ActionStatus.Open, null, level, Summary(level)));
            }
        }

        var ssc = meetings[2].Date;
        var decisions = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Next()).Select(x => new AssuranceDecision(ssc, $"D{x.A}", x.A, "FUSA", "Approved, subject to", x.B, x.Level, Summary(x.Level))).ToList();
        var letters = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Next()).Select(x => new DirectorLetter(ssc, $"L{x.A}", x.A, x.B, x.Level, Summary(x.Level))).ToList();
        var reviews = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Next()).Select(x => new VerificationAssessment(ssc, $"V{x.A}", $"{x.A} {x.B}", (VerificationOutcome)random.Next(0, 3), x.Level, Summary(x.Level))).ToList();
        var risks = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Next()).Select(x => new RiskRevision(x.A, 1, meetings[4].Date, x.B, string.Empty, 2, 3, "TABASC", "Monitor", new LocalDate(2018, 9, 1), x.Level, Summary(x.Level))).ToList();
        var milestones = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Next()).Select(x => new Milestone(x.A, x.B, new LocalDate(2018, 6, 29), null, x.Level, Summary(x.Level))).ToList();

        var workspace = Empty() with
        {
            Records = new CommitteeRecords(items, actions, decisions, letters, reviews, risks, milestones),
        };
        return (workspace, markers);
    }

    /// <summary>The sample's six meetings (the Panel of 13 July 2018 and the five sub-committees before it), and no records.</summary>
    internal static AssessmentCase Empty() => new(Meetings(), [], [], [], [], []);

    private static Meeting[] Meetings()
    {
        var region = Calendar.Region.EnglandAndWales;
        return
        [
            new("Panel", PanelDate, new LocalDate(2018, 6, 8), region),
            new("OPSG", new LocalDate(2018, 6, 26), new LocalDate(2018, 5, 22), region),
            new("SSC", new LocalDate(2018, 6, 20), new LocalDate(2018, 5, 16), region),
            new("SMKI PMA", new LocalDate(2018, 6, 19), new LocalDate(2018, 5, 15), region),
            new("TABASC", new LocalDate(2018, 6, 14), new LocalDate(2018, 5, 10), region),
            new("TAG", new LocalDate(2018, 6, 27), new LocalDate(2018, 5, 30), region),
        ];
    }
}
