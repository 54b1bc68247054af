using NodaTime;
using SecPanel.Assessment;
using SecPanel.Calendar;
using SecPanel.Cases;
using SecPanel.Maintenance;
using SecPanel.Obligations;
using SecPanel.Periods;
using SecPanel.Records;
using SecPanel.Samples;
using SecPanel.Testing;
using SecPanel.Variance;
using Xunit;

namespace SecPanel.Tests.Samples;

/// <summary>
/// Generated workspaces, read back with the case folder's own reader: they pass every check of the
/// formats, hold what a real workspace holds, and are the same bytes for the same options.
/// </summary>
public class SampleWorkspaceTests
{
    private static readonly YearMonth End = new(2026, 10);

    private static string Generate(TempFolder temp, SampleOptions options, string name = "ws", IProgress<SampleProgress>? progress = null)
    {
        var folder = Path.Combine(temp.Path, name);
        SampleWorkspace.Write(options, Rules.Shipped, folder, progress);
        return folder;
    }

    private static AssessmentCase Load(string folder)
    {
        var loaded = CaseFolder.Load(folder, folder, Rules.Shipped);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Problems.Take(20)));
        return loaded.Value;
    }

    private static AssessmentCase Workspace(TempFolder temp, int years = 2, int users = 50, ulong seed = 1, YearMonth? end = null) =>
        Load(Generate(temp, new SampleOptions(years, users, seed, end ?? End)));

    [Fact]
    public void Maintenance_AWindowAMonth_OnItsFirstSunday_EveryFourthFromTheSecondGivenShortNotice()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp, years: 1);
        var calendar = Rules.Shipped.CalendarFor(Region.EnglandAndWales);
        var ssi = Rules.Shipped.Maintenance.Find("ssi")!;
        Assert.Equal(12, ws.Maintenance.Count);
        Assert.All(ws.Maintenance, w => Assert.Equal((IsoDayOfWeek.Sunday, 1, 240L), (w.Start.DayOfWeek, (w.Start.Day + 6) / 7, w.Minutes)));
        var shortNotice = ws.Maintenance.Select((w, i) => (i, PlannedMaintenance.Notice(w, ssi, calendar).ShortNotice)).Where(x => x.ShortNotice).Select(x => x.i);
        Assert.Equal([1, 5, 9], shortNotice);

        // The OPSG meeting after a short-notice window flags it.
        var meeting = ws.Meetings.First(m => m.Committee == "OPSG" && m.Date > ws.Maintenance[1].Start.Date);
        var assessment = new Assessor(Rules.Shipped).Assess(ws, meeting);
        Assert.Contains(assessment.Maintenance, n => n.Window.Id == ws.Maintenance[1].Id && n.ShortNotice);
    }

    [Fact]
    public void Generated_ReadsWithoutAProblem_AndHoldsEveryKindOfFileAndRecord()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);
        Assert.Equal(6 * 24, ws.Meetings.Count);
        Assert.NotEmpty(ws.Deliveries);
        Assert.NotEmpty(ws.Variance);
        Assert.NotEmpty(ws.Performance);
        Assert.NotEmpty(ws.IncidentCounts);
        Assert.NotEmpty(ws.Incidents);
        var records = ws.Records;
        Assert.All(new[] { records.Items.Count, records.Actions.Count, records.AssuranceDecisions.Count, records.DirectorLetters.Count, records.VerificationAssessments.Count, records.Risks.Count, records.Milestones.Count }, n => Assert.NotEqual(0, n));
        Assert.Equal(Enum.GetValues<ItemKind>(), records.Items.Select(i => i.Kind).Distinct().Order());
        Assert.Contains(records.Items, i => i.Title.Length == 0);             // an item continuing the one before it
        Assert.Contains(records.Items, i => i.Text.Contains('\n', StringComparison.Ordinal)); // a text over two lines, quoted
        Assert.Contains(records.Items, i => i.Links.Count > 0);
    }

    [Fact]
    public void Meetings_EveryCommitteeMeetsMonthly_TheDayAfterItsPreviousMeeting()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);
        var calendar = Rules.Shipped.CalendarFor(Region.EnglandAndWales);
        foreach (var committee in Rules.Shipped.Committees)
        {
            var meetings = ws.Meetings.Where(m => m.Committee == committee.Key).OrderBy(m => m.Date).ToList();
            Assert.Equal(24, meetings.Count);
            Assert.Equal(Enumerable.Range(0, 24).Select(i => new YearMonth(2024, 11).PlusMonths(i)), meetings.Select(m => new YearMonth(m.Date.Year, m.Date.Month)));
            Assert.All(meetings, m => Assert.True(calendar.IsWorkingDay(m.Date), $"{m.Committee} meets on {m.Date}, not a Working Day"));
            for (var i = 1; i < meetings.Count; i++)
            {
                Assert.Equal(meetings[i - 1].Date, meetings[i].PreviousDate);
            }

            // The first meeting's previous one is the month before the workspace's first.
            Assert.Equal(new YearMonth(2024, 10), new YearMonth(meetings[0].PreviousDate.Year, meetings[0].PreviousDate.Month));
        }
    }

    [Fact]
    public void Deliveries_EveryPeriodOfEveryObligation_MostOnTime_SomeLate_AFewNever()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp, years: 5, users: 5);
        var calendar = Rules.Shipped.CalendarFor(Region.EnglandAndWales);
        var last = End.ToDateInterval().End;
        var (onTime, late, missing) = (0, 0, 0);
        foreach (var obligation in Rules.Shipped.Catalogue.All)
        {
            var delivered = ws.Deliveries.Where(d => d.Obligation.Key == obligation.Key).ToDictionary(d => d.Period);
            // The first period is the one that ends in the workspace's first month or after it.
            for (var period = ReportingPeriod.Containing(obligation.Cadence, new LocalDate(2021, 11, 1)); period.End <= last; period = period.Next())
            {
                var due = obligation.Deadline.DueDate(period, calendar);
                if (!delivered.Remove(period, out var delivery))
                {
                    // Not delivered: never, or not yet by the end of the workspace.
                    missing += due is { } d && calendar.NthWorkingDayAfter(d, 35) < last ? 1 : 0;
                    continue;
                }

                Assert.InRange(delivery.Delivered, period.End.PlusDays(1), last);
                if (due is { } dueDate)
                {
                    _ = delivery.Delivered <= dueDate ? onTime++ : late++;
                }
            }

            Assert.Empty(delivered); // no delivery of a period outside the workspace
        }

        Assert.InRange(late, onTime / 20, onTime / 4);
        Assert.InRange(missing, 1, onTime / 10);
    }

    [Fact]
    public void Variance_EveryUserAndSubscriberEveryMonth_TheTotalTheirSum_WithExceptions()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);
        var reports = ws.Variance.GroupBy(v => (v.Obligation.Key, v.Period)).ToList();
        Assert.Equal(ws.Deliveries.Count(d => d.Obligation.Content == ContentKind.Variance), reports.Count);
        foreach (var report in reports)
        {
            var users = report.Where(v => v.User is not null).ToList();
            Assert.Equal(report.Key.Key == "csr-variance" ? 5 : 50, users.Count);
            var total = Assert.Single(report, v => v.User is null).Figure;
            Assert.Equal(users.Sum(u => u.Figure.Sent), total.Sent);
            Assert.Equal((long?)users.Sum(u => u.Figure.Forecast ?? 0), total.Forecast);
        }

        var sr = ws.Variance.Where(v => v.Obligation.Key == "sr-variance" && v.User is not null && v.Figure.Forecast > 0).Select(v => v.Figure.Sent * 100m / v.Figure.Forecast!.Value).ToList();
        Assert.Contains(sr, p => p <= 90);
        Assert.Contains(sr, p => p >= 110);
        Assert.Contains(sr, p => p is > 90 and < 110);
        Assert.Contains(ws.Variance, v => v.User is not null && v.Figure.Forecast is null);
    }

    [Fact]
    public void Performance_EveryMeasureOfTheRules_InEveryDeliveredReport_SomeBelowTarget()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp, years: 3, users: 5);
        var reports = ws.Deliveries.Where(d => d.Obligation.Content == ContentKind.Performance).ToList();
        Assert.NotEmpty(reports);
        foreach (var report in reports)
        {
            var measures = ws.Performance.Where(p => p.Obligation == report.Obligation && p.Period == report.Period).Select(p => p.Measure.Key).ToList();
            Assert.Superset(Rules.Shipped.Measures.Select(m => m.Key).ToHashSet(), measures.ToHashSet());
            Assert.Contains("DSP-1", measures);
        }

        Assert.Contains(ws.Performance, p => p.Level < p.Measure.Minimum);
        Assert.Contains(ws.Performance, p => p.Level < p.Measure.Target && p.Level >= p.Measure.Minimum);
        Assert.Contains(ws.Performance, p => p.Level is null);
    }

    [Fact]
    public void AssuranceDecisions_UseTheVocabularyInForce_OnEitherSideOfTheChange()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp, years: 5, users: 20, end: new YearMonth(2022, 12));
        var decisions = ws.Records.AssuranceDecisions;
        var change = new LocalDate(2020, 2, 27);
        Assert.Contains(decisions, d => d.Status == "Provisionally Approved" && d.MeetingDate < change);
        Assert.Contains(decisions, d => d.Status == "Rejected" && d.MeetingDate >= change);
        Assert.All(decisions, d => Assert.True(Rules.Shipped.AssuranceStatuses.Single(t => t.Status == d.Status).InForceOn(d.MeetingDate)));
        Assert.All(decisions.Where(d => d.Status == "Approved, subject to"), d => Assert.NotEmpty(d.Condition));
    }

    [Fact]
    public void Records_UseEveryLevel_AndEveryRecordAbovePublicHasASummary()
    {
        using var temp = new TempFolder();
        var records = Workspace(temp).Records;
        IClassified[] all = [.. records.Items, .. records.Actions, .. records.AssuranceDecisions, .. records.DirectorLetters, .. records.VerificationAssessments, .. records.Risks, .. records.Milestones];
        Assert.Equal(Enum.GetValues<Tlp>(), all.Select(r => r.Classification).Distinct().Order());
        Assert.All(all.Where(r => r.Classification != Tlp.White), r => Assert.NotEmpty(r.PublicSummary));
        Assert.All(records.Items.Where(i => i.Classification != Tlp.White), i => Assert.NotEqual(i.Text, i.PublicSummary));
    }

    [Fact]
    public void ActionsAndRisks_CarryForward_AndClose()
    {
        using var temp = new TempFolder();
        var records = Workspace(temp).Records;
        var last = End.ToDateInterval().End;
        Assert.Equal(Enum.GetValues<ActionStatus>(), records.Actions.Select(a => a.Status).Distinct().Order());
        Assert.Contains(records.Actions, a => a.Closed is { } c && Period.Between(a.MeetingDate, c, PeriodUnits.Months).Months >= 4); // carried forward over meetings
        Assert.Contains(records.Actions, a => a.Closed > a.Due);                                                                      // closed overdue
        Assert.All(records.Actions, a => Assert.True(a.Closed is null || a.Closed <= last));

        foreach (var risk in records.Risks.GroupBy(r => r.RiskId))
        {
            var revisions = risk.OrderBy(r => r.Revision).ToList();
            Assert.Equal(Enumerable.Range(1, revisions.Count), revisions.Select(r => r.Revision));
            Assert.Equal(revisions.Select(r => r.Date).Order(), revisions.Select(r => r.Date));
        }

        Assert.Contains(records.Risks, r => r.Revision > 1);
        Assert.Contains(records.Risks, r => r.Treatment.StartsWith("Closed", StringComparison.Ordinal));
    }

    [Fact]
    public void SameOptions_GiveTheSameBytes_AnotherSeedOtherBytes()
    {
        using var temp = new TempFolder();
        var options = new SampleOptions(2, 30, 7, End);
        var first = Generate(temp, options, "first");
        var again = Generate(temp, options, "again");
        var other = Generate(temp, options with { Seed = 8 }, "other");
        var files = Directory.GetFiles(first).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(15, files.Count); // fourteen CSV files and the README
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(first, f)), File.ReadAllBytes(Path.Combine(again, f))));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "variance.csv")), File.ReadAllBytes(Path.Combine(other, "variance.csv")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "items.csv")), File.ReadAllBytes(Path.Combine(other, "items.csv")));
    }

    [Fact]
    public void Streams_EachMonthIsWrittenToItsFilesBeforeTheNextIsMade()
    {
        // Memory flat in the years is by design (rows written as made, no list of them kept); what
        // a test can see of it is that every month is in the files before the next month is made.
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "ws");
        var committees = Rules.Shipped.Committees.Count;
        var seen = new List<int>();
        var progress = new Inline(p => seen.Add(File.ReadLines(Path.Combine(folder, CaseFolder.MeetingFile)).Count() - 1 - (committees * p.MonthsWritten)));
        Generate(temp, new SampleOptions(1, 10, 1, End), progress: progress);
        Assert.Equal(Enumerable.Repeat(0, 12), seen);
    }

    [Fact]
    public void EditedRules_AreFollowed_ACommitteeAndAnAnnualObligationAdded()
    {
        // The workspace is generated from the rule data in use, not from a list of its own.
        using var data = new TempFolder().CopyFrom(Repo.Data);
        File.AppendAllText(Path.Combine(data.Path, "committees.csv"), "REC,Retail Energy Code liaison,5,Retail Energy Code liaison\n");
        File.AppendAllText(Path.Combine(data.Path, "obligations.csv"), "annual-report,DCC Annual Report,,,annual,30 calendar days after period end,none,,Illustrative.\n");
        var loaded = RuleBook.Load(data.Path, data.Path);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Problems));
        var rules = loaded.Value;

        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "ws");
        SampleWorkspace.Write(new SampleOptions(3, 5, 1, End), rules, folder);
        var read = CaseFolder.Load(folder, folder, rules);
        Assert.True(read.Succeeded, string.Join("\n", read.Problems.Take(20)));
        Assert.Equal(36, read.Value.Meetings.Count(m => m.Committee == "REC"));
        Assert.Contains(read.Value.Records.Items, i => i.Committee == "REC");
        Assert.InRange(read.Value.Deliveries.Count(d => d.Obligation.Key == "annual-report"), 1, 3); // 2023 to 2025, a few per hundred never
    }

    [Theory]
    [InlineData(1, "1900-12")] // the first month kept: the first meetings' previous dates cannot be in 1899
    [InlineData(2, "1901-12")]
    [InlineData(50, "2199-12")] // the last month kept, and fifty years of it: due dates fall in 2200
    public void AtTheEdgesOfTheKeptDates_ReadsWithoutAProblem(int years, string end)
    {
        using var temp = new TempFolder();
        var month = new YearMonth(int.Parse(end[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(end[5..], System.Globalization.CultureInfo.InvariantCulture));
        var ws = Workspace(temp, years, users: 3, end: month);
        Assert.Equal(6 * 12 * years, ws.Meetings.Count);
        Assert.All(ws.Meetings, m => Assert.InRange(m.PreviousDate, SupportedDates.First, m.Date.PlusDays(-1)));
    }

    [Theory]
    [InlineData(1, 2200, 1, "'2200-01' is outside the months SecPanel keeps: 1900-01 to 2199-12")]
    [InlineData(1, 1899, 12, "'1899-12' is outside the months SecPanel keeps: 1900-01 to 2199-12")]
    [InlineData(5, 1904, 6, "5 years ending 1904-06 would start in 1899-07, before 1900-01: SecPanel keeps dates from 1900 to 2199")]
    [InlineData(0, 2026, 10, "0 years is not from 1 to 50")]
    [InlineData(51, 2026, 10, "51 years is not from 1 to 50")]
    public void Options_OutsideTheirRanges_SayWhy(int years, int year, int month, string problem) =>
        Assert.Equal(problem, new SampleOptions(years, 10, 1, new YearMonth(year, month)).Problem());

    [Fact]
    public void Options_FirstMonthIn1900_IsAccepted() =>
        Assert.Null(new SampleOptions(5, 10, 1, new YearMonth(1904, 12)).Problem());

    [Fact]
    public void UserNames_AreDistinct_AndNamesAUserMayHave()
    {
        var names = Enumerable.Range(0, 20_000).Select(SampleText.UserName).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Null(UserName.Problem(n)));
    }

    private sealed class Inline(Action<SampleProgress> report) : IProgress<SampleProgress>
    {
        public void Report(SampleProgress value) => report(value);
    }
}
