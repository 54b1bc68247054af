using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using NodaTime;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Records;
using Xunit;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SecPanel.Papers.Tests;

/// <summary>The paper as a reader sees it: headings, tables, dates, wording and where it sends the Panel.</summary>
public sealed partial class PaperLayoutTests
{
    private static readonly Paper Sample = Workspace.SamplePaper();
    private static readonly LocalDate Ssc = new(2018, 6, 20);

    private static Paper Compose(CommitteeRecords records, PaperRequest? request = null) =>
        new PaperComposer(Workspace.Rules, ClassificationPropertyTests.Empty() with { Records = records }).Compose(request ?? Workspace.July2018).Value;

    [Fact]
    public void HighlightTitles_AreHeadingsInWord_SoThatTheNavigationPaneListsThem()
    {
        using var word = WordprocessingDocument.Open(new MemoryStream(DocxWriter.Write(Sample.Body)), false);
        var level3 = word.MainDocumentPart!.Document!.Body!.Elements<W.Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading3").Select(p => p.InnerText).ToList();
        Assert.Contains("DCC Planned Maintenance Schedule", level3);
        Assert.Contains("Risk Register: revisions agreed at this meeting", level3);
        var style = word.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<W.Style>().Single(s => s.StyleId == "Heading3");
        Assert.Equal(2, style.StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        Assert.Contains("<h4>DCC Planned Maintenance Schedule</h4>", HtmlWriter.Write(Sample.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void WordTables_KeepEachRowOnOnePage_AndSizeColumnsToTheirContent()
    {
        using var word = WordprocessingDocument.Open(new MemoryStream(DocxWriter.Write(Sample.Body)), false);
        var tables = word.MainDocumentPart!.Document!.Body!.Elements<W.Table>().ToList();
        Assert.All(tables.SelectMany(t => t.Elements<W.TableRow>()), row => Assert.NotNull(row.TableRowProperties?.GetFirstChild<W.CantSplit>()));

        // The risk table: "Likelihood × Impact" and "Owner" are narrow, "Treatment" wide; all fill the text width.
        var risks = tables.Single(t => t.InnerText.Contains("TR-21", StringComparison.Ordinal));
        var widths = risks.GetFirstChild<W.TableGrid>()!.Elements<W.GridColumn>().Select(c => int.Parse(c.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(9638, widths.Sum());
        Assert.True(widths[4] > 2 * widths[3], $"Treatment {widths[4]} should be far wider than Owner {widths[3]}");
        Assert.True(widths.Distinct().Count() > 1);
    }

    [Fact]
    public void ANegativeFigure_KeepsItsMinusSignWithItsNumber_InWordAndHtml()
    {
        // "a variance of -374,300" must not break after the sign: the minus sign (U+2212) does not.
        using var word = WordprocessingDocument.Open(new MemoryStream(DocxWriter.Write(Sample.Body)), false);
        var text = word.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("a variance of \u2212374,300", text, StringComparison.Ordinal);
        Assert.DoesNotContain("of -374,300", text, StringComparison.Ordinal);
        Assert.Contains("a variance of \u2212374,300", HtmlWriter.Write(Sample.Body), StringComparison.Ordinal);
        // Hyphens that are no minus sign are left alone.
        Assert.Contains("Category 3-5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_AreWrittenInThePapersOneStyle()
    {
        var body = MarkdownWriter.Write(Sample.Body);
        Assert.DoesNotMatch(IsoDate(), body);
        Assert.Contains("| 13th September 2018 |", body, StringComparison.Ordinal); // the risks' review date
        Assert.Contains("| 29th June 2018 | not met: overdue |", body, StringComparison.Ordinal); // the milestone's planned date
    }

    [Fact]
    public void TheSeedsWording_IsKept()
    {
        var body = MarkdownWriter.Write(Sample.Body);
        Assert.Contains("| DCC Network Enhancement Report (Network Enhancement Plans – NEP) | Not due this month | n/a | n/a |", body, StringComparison.Ordinal);
        Assert.DoesNotContain("(next:", body, StringComparison.Ordinal); // the three cadences are SecPanel's unconfirmed defaults
        Assert.Contains("In June 2018 the SSC approved two Director Letters.", body, StringComparison.Ordinal);
        Assert.Contains("| No observations recorded. |", body, StringComparison.Ordinal); // not "None" beside two exceptions
        Assert.Contains("Hollie McGovern  \nSECAS Team  \n6th July 2018", body, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnAuthor_TheTeamSigns()
    {
        var paper = Compose(CommitteeRecords.Empty, Workspace.July2018 with { Author = string.Empty });
        Assert.Contains(new Paragraph("SECAS Team\n6th July 2018"), paper.Body.Blocks);
    }

    [Fact]
    public void ASectionOfOneCommitteeThatDidNotMeet_SaysSoOfThatCommittee()
    {
        var workspace = ClassificationPropertyTests.Empty();
        workspace = workspace with { Meetings = [.. workspace.Meetings.Where(m => m.Committee != "OPSG")] };
        var body = MarkdownWriter.Write(new PaperComposer(Workspace.Rules, workspace).Compose(Workspace.July2018).Value.Body);
        Assert.Contains("## 2. Operations Group\n\nThe OPSG did not meet since the previous Panel meeting.\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("these Sub-Committees", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommendations_NameWhereEachNotificationIs_AndTheBodyOnlyWhatItShows()
    {
        var white = new VerificationAssessment(Ssc, "V1", "Open Party", VerificationOutcome.NonCompliant, Tlp.White, string.Empty);
        var red = new VerificationAssessment(Ssc, "V2", "Secret Party", VerificationOutcome.PotentiallyNonCompliant, Tlp.Red, string.Empty);
        var amber = new VerificationAssessment(Ssc, "V3", "Amber Party", VerificationOutcome.Compliant, Tlp.Amber, string.Empty);

        var paper = Compose(CommitteeRecords.Empty with { VerificationAssessments = [white, red, amber] });
        var body = MarkdownWriter.Write(paper.Body);
        Assert.Contains("The Panel is requested to NOTE the content of this paper and of Appendix A and Appendix B.", body, StringComparison.Ordinal);
        Assert.Contains("NOTE the SSC’s notification of one User non-compliant or potentially non-compliant with Sections G3 to G6 of the SEC (details in section 3.3).", body, StringComparison.Ordinal);
        // The body counts no outcome while it withholds some of the records counted.
        Assert.Contains("During June 2018 the SSC reviewed three Verification Assessments.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("notifies the Panel of", body, StringComparison.Ordinal);

        var a = MarkdownWriter.Write(paper.Appendices.Single(d => d.Level == Tlp.Red));
        Assert.Contains("## Recommendations\n\nThe Panel is requested to NOTE the SSC’s notification of one User non-compliant or potentially non-compliant with Sections G3 to G6 of the SEC (details above, under Verification Assessments).", a, StringComparison.Ordinal);
        Assert.DoesNotContain("Recommendations", MarkdownWriter.Write(paper.Appendices.Single(d => d.Level == Tlp.Amber)), StringComparison.Ordinal);

        // All shown: the body counts them.
        var shown = MarkdownWriter.Write(Compose(CommitteeRecords.Empty with { VerificationAssessments = [white] }).Body);
        Assert.Contains("reviewed one Verification Assessment, and notifies the Panel of one User non-compliant or potentially non-compliant.", shown, StringComparison.Ordinal);
        Assert.Contains("The Panel is requested to NOTE the content of this paper.\n", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void BidirectionalControls_NeverReachTheReader()
    {
        // U+202E would show "Approved" reversed; every writer drops it (the readers refuse it in records).
        var item = new CommitteeItem("SSC", Ssc, "H1", ItemKind.Highlight, "Title \u202Edevorppa\u202C", "Text \u2066with\u2069 isolates \u200F.", Tlp.White, string.Empty, string.Empty, null);
        var paper = Compose(CommitteeRecords.Empty with { Items = [item] });
        foreach (var text in Workspace.Renderings(paper.Body))
        {
            Assert.DoesNotMatch(Bidi(), text);
        }

        Assert.Contains("Title devorppa", MarkdownWriter.Write(paper.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_WrapsLongTokensInCells_AndKeepsTheBottomMarkingOffTheContent()
    {
        var html = HtmlWriter.Write(Sample.Body);
        Assert.Contains("overflow-wrap: anywhere", html, StringComparison.Ordinal);
        Assert.Contains(".marking.bottom { position: static;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AnObservationOutsideTheDccTable_IsHeadedWithTheReportsNameAndPeriod_NotItsKey()
    {
        var period = Periods.ReportingPeriod.Containing(Periods.Cadence.Monthly, new LocalDate(2018, 4, 1));
        var item = new CommitteeItem("SSC", Ssc, "O1", ItemKind.Observation, "Security of the figures", "The SSC asked how the figures were checked.", Tlp.White, string.Empty, "pmr", period);
        var body = MarkdownWriter.Write(Compose(CommitteeRecords.Empty with { Items = [item] }).Body);
        Assert.Contains("#### Security of the figures (Performance Measurement Report – April 2018)\n\nThe SSC asked how the figures were checked.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("pmr 2018-04", body, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAppendixOfMoreThanTheSscs_IsTitledByItsLevel_AndPanelItemsMakeNone()
    {
        var tabasc = new CommitteeItem("TABASC", new LocalDate(2018, 6, 14), "H1", ItemKind.Highlight, "A restricted highlight", "Text.", Tlp.Amber, string.Empty, string.Empty, null);
        var panel = new CommitteeItem("Panel", new LocalDate(2018, 7, 13), "H1", ItemKind.Highlight, "The Panel's own", "PANEL-TEXT", Tlp.Red, string.Empty, string.Empty, null);
        var paper = Compose(CommitteeRecords.Empty with { Items = [tabasc, panel] });
        var appendix = Assert.Single(paper.Appendices);
        Assert.Equal(("Appendix A – Items classified Amber – Restricted", Tlp.Amber), (appendix.Title, appendix.Level));
        Assert.All(new[] { paper.Body, appendix }.SelectMany(Workspace.Renderings), r => Assert.DoesNotContain("PANEL-TEXT", r, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex("[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]")]
    private static partial Regex Bidi();
}
