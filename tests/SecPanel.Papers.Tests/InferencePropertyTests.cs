using FsCheck.Xunit;
using NodaTime;
using SecPanel.Cases;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Records;
using Xunit;

namespace SecPanel.Papers.Tests;

/// <summary>
/// Leaving a withheld record's words out of the body is not enough: the body must not let a reader
/// work out what it withholds either (a count by status beside the one record shown gives the status
/// of the one withheld). So the body must not depend on anything of a withheld record but its level,
/// its public summary and that it exists: FsCheck draws workspaces, changes every field of every
/// record above the paper's level (status, outcome, party, scores, dates, ids, text), and the body
/// must come out the same, in every format.
/// </summary>
public class InferencePropertyTests
{
    private static readonly string[] Statuses = ["Approved", "Approved, subject to", "Deferred", "Provisionally Approved"];

    [Property(MaxTest = 150)]
    public bool TheBody_DoesNotChange_WhenAnythingWithheldChanges(int seed)
    {
        var random = new Random(seed);
        var (workspace, _) = ClassificationPropertyTests.RandomWorkspace(random);
        var level = (Tlp)random.Next(0, 3);
        var changed = Change(workspace, level, new Random(seed ^ 0x5EC));
        var request = new PaperRequest(58, ClassificationPropertyTests.PanelDate, 20, "Author", "SECAS Team", ClassificationPropertyTests.PanelDate, level);
        var before = new PaperComposer(Workspace.Rules, workspace).Compose(request).Value.Body;
        var after = new PaperComposer(Workspace.Rules, changed).Compose(request).Value.Body;

        Assert.Equal(MarkdownWriter.Write(before), MarkdownWriter.Write(after));
        Assert.Equal(HtmlWriter.Write(before), HtmlWriter.Write(after));
        Assert.Equal(DocxWriter.Write(before), DocxWriter.Write(after));
        return true;
    }

    [Fact]
    public void ALoneRedDecisionsStatus_CannotBeWorkedOutFromTheCountsBesideAWhiteOne()
    {
        var ssc = new LocalDate(2018, 6, 20);
        AssessmentCase With(string redStatus) => ClassificationPropertyTests.Empty() with
        {
            Records = CommitteeRecords.Empty with
            {
                AssuranceDecisions =
                [
                    new AssuranceDecision(ssc, "D1", "Open Party", "FUSA", "Approved", string.Empty, Tlp.White, string.Empty),
                    new AssuranceDecision(ssc, "D2", "Secret Party", "FUSA", redStatus, string.Empty, Tlp.Red, string.Empty),
                ],
            },
        };

        var request = new PaperRequest(58, ClassificationPropertyTests.PanelDate, 20, "Author", "SECAS Team", ClassificationPropertyTests.PanelDate);
        var deferred = MarkdownWriter.Write(new PaperComposer(Workspace.Rules, With("Deferred")).Compose(request).Value.Body);
        var approved = MarkdownWriter.Write(new PaperComposer(Workspace.Rules, With("Approved")).Compose(request).Value.Body);
        Assert.Equal(deferred, approved);
        Assert.Contains("In June 2018 the SSC set two assurance statuses.", deferred, StringComparison.Ordinal);
        Assert.Contains("Open Party (FUSA): Approved.", deferred, StringComparison.Ordinal);
    }

    /// <summary>The workspace with every field of every record above <paramref name="level"/> changed, but its level, its public summary and the meeting it belongs to.</summary>
    private static AssessmentCase Change(AssessmentCase workspace, Tlp level, Random random)
    {
        var n = 0;
        string Word() => $"CHANGED{n++}X{random.Next(100_000, 999_999)}";
        LocalDate Date() => new LocalDate(2018, 1, 1).PlusDays(random.Next(0, 700));
        var r = workspace.Records;
        return workspace with
        {
            Records = r with
            {
                Items = [.. r.Items.Select(i => i.Classification <= level ? i : i with
                {
                    Id = Word(),
                    Title = Word(),
                    Text = Word(),
                    Kind = i.Kind == ItemKind.Observation ? ItemKind.Observation : (random.Next(2) == 0 ? ItemKind.Decision : ItemKind.Highlight),
                })],
                Actions = [.. r.Actions.Select(a => a.Classification <= level ? a : a with
                {
                    Id = Word(),
                    Title = Word(),
                    Text = Word(),
                    Owner = Word(),
                    Due = Date(),
                    DueIsMonth = random.Next(2) == 0,
                })],
                AssuranceDecisions = [.. r.AssuranceDecisions.Select(d => d.Classification <= level ? d : d with
                {
                    Id = Word(),
                    Party = Word(),
                    Assessment = random.Next(2) == 0 ? "FUSA" : "VUSA",
                    Status = Statuses[random.Next(Statuses.Length)],
                    Condition = random.Next(2) == 0 ? string.Empty : Word(),
                })],
                DirectorLetters = [.. r.DirectorLetters.Select(d => d.Classification <= level ? d : d with { Id = Word(), Party = Word(), Outcome = Word() })],
                VerificationAssessments = [.. r.VerificationAssessments.Select(v => v.Classification <= level ? v : v with
                {
                    Id = Word(),
                    Party = Word(),
                    Outcome = (VerificationOutcome)random.Next(0, 3),
                })],
                Risks = [.. r.Risks.Select(k => k.Classification <= level ? k : k with
                {
                    RiskId = Word(),
                    Title = Word(),
                    Description = Word(),
                    Likelihood = random.Next(1, 6),
                    Impact = random.Next(1, 6),
                    Owner = Word(),
                    Treatment = Word(),
                    ReviewDate = Date(),
                })],
                Milestones = [.. r.Milestones.Select(m => m.Classification <= level ? m : m with { Id = Word(), Title = Word(), Planned = Date() })],
            },
        };
    }
}
