using NodaTime;
using SecPanel.Assessment;
using SecPanel.Performance;
using SecPanel.Tests.Cases;
using Xunit;

namespace SecPanel.Tests.Assessment;

/// <summary>Every timing verdict, on cases built for it. The meeting is 26 June 2018, the previous one 22 May 2018.</summary>
public class VerdictTests
{
    private static ReportAssessment Only(MeetingAssessment assessment, string obligation) =>
        assessment.Reports.Single(r => r.Obligation.Key == obligation);

    [Fact]
    public void OnTime_DeliveredOnTheDueDate()
    {
        using var files = new CaseFiles { Deliveries = "obligation,period,delivered\nsr-variance,2018-05,2018-06-14\n" };
        var report = Only(files.Assess(), "sr-variance");
        Assert.Equal(DeliveryStatus.OnTime, report.Status);
        Assert.Null(report.WorkingDaysLate);
        Assert.Equal("No figures recorded.", report.Summary);
    }

    [Fact]
    public void Late_DeliveredTheDayAfter_ByOneWorkingDay()
    {
        using var files = new CaseFiles { Deliveries = "obligation,period,delivered\nsr-variance,2018-05,2018-06-15\n" };
        var report = Only(files.Assess(), "sr-variance");
        Assert.Equal(DeliveryStatus.Late, report.Status);
        Assert.Equal(1, report.WorkingDaysLate);
        Assert.StartsWith("Late by 1 working day (SEC H3.24", report.DeliveryText, StringComparison.Ordinal);
    }

    [Fact]
    public void Late_DeliveredOnASaturday_CountsFromTheNextWorkingDay()
    {
        // Due Thursday 14 June; delivered Saturday 16 June: received, in Working Days, on Monday 18 June.
        using var files = new CaseFiles { Deliveries = "obligation,period,delivered\nsr-variance,2018-05,2018-06-16\n" };
        Assert.Equal(2, Only(files.Assess(), "sr-variance").WorkingDaysLate);
    }

    [Fact]
    public void Outstanding_DueInTheWindowAndNotReceived_WithWorkingDaysPastDue()
    {
        using var files = new CaseFiles();
        var report = Only(files.Assess(), "pmr");
        Assert.Equal(DeliveryStatus.Outstanding, report.Status);
        Assert.Equal(new LocalDate(2018, 6, 6), report.DueDate);
        // 7 to 26 June 2018: 14 Working Days.
        Assert.Equal(14, report.WorkingDaysLate);
        Assert.Equal("Not received.", report.Summary);
    }

    [Fact]
    public void Outstanding_WhenDeliveredOnlyAfterTheMeeting()
    {
        using var files = new CaseFiles { Deliveries = "obligation,period,delivered\npmr,2018-04,2018-06-27\n" };
        var report = Only(files.Assess(), "pmr");
        Assert.Equal(DeliveryStatus.Outstanding, report.Status);
        Assert.Null(report.Delivery);
    }

    [Fact]
    public void Late_DueBeforeTheWindowButDeliveredInIt_IsInScope()
    {
        // April SR report due 15 May, before the previous meeting; delivered 24 May, in the window.
        using var files = new CaseFiles { Deliveries = "obligation,period,delivered\nsr-variance,2018-04,2018-05-24\nsr-variance,2018-05,2018-06-01\n" };
        var reports = files.Assess().Reports.Where(r => r.Obligation.Key == "sr-variance").ToList();
        Assert.Equal(["2018-04", "2018-05"], reports.Select(r => r.Period.ToString()));
        Assert.Equal(DeliveryStatus.Late, reports[0].Status);
        Assert.Equal(7, reports[0].WorkingDaysLate);
    }

    [Fact]
    public void NotDue_NamesTheNextInstance_OnlyWhereASecClauseBacksTheCadence()
    {
        using var files = new CaseFiles();
        var report = Only(files.Assess(), "quarterly-problem");
        Assert.Equal(DeliveryStatus.NotDue, report.Status);
        Assert.Equal("2018-Q2", report.Period.ToString());
        Assert.Equal(new LocalDate(2018, 7, 27), report.DueDate);

        // The Quarterly Problem Report's cadence is SecPanel's default, with no SEC reference: a paper must not state it as fact.
        Assert.Equal(string.Empty, report.Obligation.SecReference);
        Assert.Equal("Not due this month", report.DeliveryText);

        // Once the catalogue gives its clause, the next instance is named, in the paper's style of date.
        var confirmed = report with { Obligation = report.Obligation with { SecReference = "H9.5" } };
        Assert.Equal("Not due this month (next: Q2 2018, due 27th July 2018)", confirmed.DeliveryText);
    }

    [Fact]
    public void TimingNotSpecified_WhenReceived_AndNotDueWhenNot()
    {
        using (var received = new CaseFiles { Deliveries = "obligation,period,delivered\nrdp-incidents,2018-05,2018-06-01\n" })
        {
            Assert.Equal(DeliveryStatus.TimingNotSpecified, Only(received.Assess(), "rdp-incidents").Status);
        }

        using var none = new CaseFiles();
        var report = Only(none.Assess(), "rdp-incidents");
        Assert.Equal(DeliveryStatus.NotDue, report.Status);
        Assert.Null(report.Period);
        Assert.Equal("Not due this month", report.DeliveryText);
    }

    [Fact]
    public void Variance_PerUserFigures_ListTheExceptionsAndSumToTheTotal()
    {
        using var files = new CaseFiles
        {
            Deliveries = "obligation,period,delivered\nsr-variance,2018-05,2018-06-14\n",
            Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,Alpha Energy,900,1000\nsr-variance,2018-05,Beta Power,1050,1000\nsr-variance,2018-05,Gamma Gas,1100,1000\nsr-variance,2018-05,Delta,5,\n",
        };
        var report = Only(files.Assess(), "sr-variance");
        var content = Assert.IsType<VarianceContent>(report.Content);
        Assert.Equal(3055, content.Total.Figure.Sent);
        Assert.Equal(3000, content.Total.Figure.Forecast);
        Assert.Null(content.Total.Exception);
        Assert.Equal(["Alpha Energy", "Delta", "Gamma Gas"], content.UserExceptions.Select(u => u.User));
        Assert.EndsWith("Exceptions: 3 of 4 Users (Alpha Energy 90.0%; Delta: no forecast, 5 sent; Gamma Gas 110.0%).", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Performance_EachMeasureJudgedAgainstItsTargetAndMinimum()
    {
        using var files = new CaseFiles
        {
            Deliveries = "obligation,period,delivered\npmr,2018-04,2018-06-05\n",
            Performance = "obligation,period,measure,within,total,level\npmr,2018-04,CPM1,99,100,\npmr,2018-04,CPM2,,,98.99\npmr,2018-04,CPM3,,,95.99\npmr,2018-04,CPM4,0,0,\npmr,2018-04,CPM6,,,99.5\n",
        };
        var report = Only(files.Assess(), "pmr");
        var results = Assert.IsType<PerformanceContent>(report.Content).Measures.Select(m => (m.Measure.Key, m.Result)).ToList();
        Assert.Equal(
            [("CPM1", ServiceLevelResult.TargetMet), ("CPM2", ServiceLevelResult.BelowTarget), ("CPM3", ServiceLevelResult.BelowMinimum), ("CPM4", ServiceLevelResult.NoData), ("CPM6", ServiceLevelResult.TargetMet)],
            results);
        Assert.Equal("Per SEC H13.1, 1 measure below Minimum (CPM3 96.0% against 99%); 1 measure below Target (CPM2 99.0% against 99%); 2 of 4 with data at or above Target (1 without data).", report.Summary);
    }

    [Fact]
    public void Incidents_IndividualIncidents_GiveTheShareResolvedWithinTargetPerGroup()
    {
        using var files = new CaseFiles
        {
            Deliveries = "obligation,period,delivered\nrdp-incidents,2018-05,2018-06-05\n",
            Incidents = "obligation,period,id,category,opened,resolved\n"
                + "rdp-incidents,2018-05,I1,1,2018-05-02T09:00,2018-05-02T13:00\n" // exactly the 4-hour target: within
                + "rdp-incidents,2018-05,I2,2,2018-05-03T09:00,2018-05-03T17:01\n" // one minute over 8 hours
                + "rdp-incidents,2018-05,I3,4,2018-05-10T09:00,2018-05-11T09:00\n"
                + "rdp-incidents,2018-05,I4,5,2018-05-30T09:00,\n" // still open at the end of May
                + "rdp-incidents,2018-05,I5,3,2018-04-28T09:00,2018-06-02T09:00\n", // open at the end of May, resolved in June
        };
        var content = Assert.IsType<IncidentContent>(Only(files.Assess(), "rdp-incidents").Content);
        Assert.Equal((3L, 2L), (content.Resolved, content.Open));
        Assert.Equal([("1-2", 2L, 1L), ("3-5", 1L, 1L)], content.Groups.Select(g => (g.Group, g.Resolved, g.WithinTarget)));
    }
}

public class LongDeadlineTests
{
    [Fact]
    public void Scope_WithTheLongestDeadlineTheGrammarAllows_FindsEveryInstanceDueInTheWindow()
    {
        using var data = new SecPanel.Testing.TempFolder().CopyFrom(SecPanel.Testing.Repo.Data);
        var catalogue = System.IO.Path.Combine(data.Path, "obligations.csv");
        File.WriteAllText(catalogue, File.ReadAllText(catalogue).Replace("H3.24,,monthly,10th working day after period end", "H3.24,,monthly,366 working days after period end", StringComparison.Ordinal));
        var rules = RuleBook.Load(data.Path, "data").Value;
        var sr = rules.Catalogue.Find("sr-variance")!;
        var calendar = rules.CalendarFor(SecPanel.Calendar.Region.EnglandAndWales);
        var meeting = new SecPanel.Cases.Meeting("OPSG", new LocalDate(2018, 6, 26), new LocalDate(2018, 5, 22), SecPanel.Calendar.Region.EnglandAndWales);

        // Brute force: every month from 2010, its due date, kept when in the window.
        var expected = Enumerable.Range(0, 120)
            .Select(i => SecPanel.Periods.ReportingPeriod.Containing(SecPanel.Periods.Cadence.Monthly, new LocalDate(2010, 1, 1).PlusMonths(i)))
            .Where(p => sr.Deadline.DueDate(p, calendar) is { } due && due > meeting.PreviousDate && due <= meeting.Date)
            .Select(p => p.ToString())
            .ToList();
        Assert.NotEmpty(expected);

        var assessed = new Assessor(rules).Assess(new SecPanel.Cases.AssessmentCase([meeting], [], [], [], [], []), meeting);
        Assert.Equal(expected, assessed.Reports.Where(r => r.Obligation.Key == "sr-variance").Select(r => r.Period.ToString()));
        Assert.All(assessed.Reports.Where(r => r.Obligation.Key == "sr-variance"), r => Assert.Equal(DeliveryStatus.Outstanding, r.Status));
    }
}
