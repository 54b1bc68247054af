using NodaTime;
using SecPanel.Assessment;
using SecPanel.Calendar;
using SecPanel.Cases;
using SecPanel.Maintenance;
using SecPanel.Testing;
using SecPanel.Tests.Cases;
using Xunit;

namespace SecPanel.Tests.Maintenance;

/// <summary>
/// The notice of Planned Maintenance in Working Days, worked out by hand over a bank holiday; the
/// windows a meeting hears of; and how the assessment shows them, short notice flagged for OPSG.
/// </summary>
public sealed class PlannedMaintenanceTests
{
    private static readonly WorkingDayCalendar Calendar = Rules.Shipped.CalendarFor(Region.EnglandAndWales);

    private static readonly MaintainedService Ssi = Rules.Shipped.Maintenance.Find("ssi")!;

    private static MaintenanceWindow Window(LocalDate notified) =>
        new("PM-1", "ssi", new LocalDateTime(2026, 9, 7, 0, 0), new LocalDateTime(2026, 9, 7, 4, 0), notified, "upgrade");

    [Fact]
    public void TheShippedRule_AsksTwentyWorkingDaysForTheSelfServiceInterface_CountedAgainstCpm6()
    {
        Assert.Equal(("Self-Service Interface", "CPM6", 20), (Ssi.Name, Ssi.Measure, Ssi.NoticeWorkingDays));
    }

    [Fact]
    public void Notice_CountsTheWorkingDaysAfterTheNotice_UpToTheStart_LeavingOutABankHoliday()
    {
        // Monday 7 September 2026: from Friday 7 August, 10-14, 17-21, 24-28 August (15), 1-4 September
        // (Monday 31 August is the Summer bank holiday) and the 7th: 20 Working Days, enough.
        var enough = PlannedMaintenance.Notice(Window(new LocalDate(2026, 8, 7)), Ssi, Calendar);
        Assert.Equal((20, 20, false), (enough.GivenWorkingDays, enough.RequiredWorkingDays, enough.ShortNotice));

        // Told on Monday 10 August: 19, short.
        var late = PlannedMaintenance.Notice(Window(new LocalDate(2026, 8, 10)), Ssi, Calendar);
        Assert.Equal((19, true), (late.GivenWorkingDays, late.ShortNotice));

        // The last day notice would have been enough is Sunday 9 August: the day before the 20th Working Day back.
        Assert.Equal(new LocalDate(2026, 8, 9), late.NoticeDueBy);
        Assert.Equal(20, PlannedMaintenance.Notice(Window(late.NoticeDueBy), Ssi, Calendar).GivenWorkingDays);
    }

    [Fact]
    public void AMeeting_HearsOfTheWindowsNotifiedOrStartingSinceItsPreviousMeeting_ShortNoticeFlagged()
    {
        using var files = new CaseFiles
        {
            // OPSG of 26 June 2018, after 22 May: A starts in the window, B is notified in it (for July),
            // C is over before it, D is notified after the meeting.
            Maintenance = "id,service,start,end,notified,description\n"
                + "PM-C,ssi,2018-05-20T00:00,2018-05-20T02:00,2018-04-01,before\n"
                + "PM-B,ssi,2018-07-01T00:00,2018-07-01T03:00,2018-06-20,emergency patch\n"
                + "PM-A,ssi,2018-06-10T00:00,2018-06-10T04:00,2018-05-01,upgrade\n"
                + "PM-D,ssi,2018-08-05T00:00,2018-08-05T04:00,2018-06-27,after\n",
        };

        var assessment = files.Assess();

        Assert.Equal(["PM-A", "PM-B"], assessment.Maintenance.Select(n => n.Window.Id));
        // A: 2-4, 8-11 (7 May a holiday), 14-18, 21-25, 29-31 May (28th a holiday), 1 and 4-8 June: 26.
        var a = assessment.Maintenance[0];
        Assert.Equal((26, false), (a.GivenWorkingDays, a.ShortNotice));
        // B: 21, 22, 25-29 June; Sunday 1 July adds none: 7 of 20.
        var b = assessment.Maintenance[1];
        Assert.Equal((7, true), (b.GivenWorkingDays, b.ShortNotice));

        var table = AssessmentText.Table(assessment);
        Assert.Contains("2 windows of Planned Maintenance were notified or began since the previous meeting; one was given less notice than the rules require and is flagged for OPSG.", table, StringComparison.Ordinal);
        Assert.Contains("PM-B    Self-Service Interface  2018-07-01 00:00–03:00  2018-06-20  7 of 20 Working Days: short notice (due by 2018-06-03)", table, StringComparison.Ordinal);
        Assert.Contains("| PM-A | Self-Service Interface | 2018-06-10 00:00–04:00 | 2018-05-01 | 26 Working Days (20 required) |", AssessmentText.Markdown(assessment), StringComparison.Ordinal);
        var json = AssessmentJson.Write(assessment);
        Assert.Contains("\"id\": \"PM-B\",\n      \"service\": \"ssi\",\n      \"start\": \"2018-07-01T00:00\",\n      \"end\": \"2018-07-01T03:00\",\n      \"minutes\": 180,\n      \"notified\": \"2018-06-20\",\n      \"noticeWorkingDays\": 7,\n      \"requiredWorkingDays\": 20,\n      \"noticeDueBy\": \"2018-06-03\",\n      \"shortNotice\": true,", json.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void AMeetingWithoutWindows_SaysNothingOfThem_InTheTable()
    {
        using var files = new CaseFiles();
        var assessment = files.Assess();
        Assert.Empty(assessment.Maintenance);
        Assert.DoesNotContain("Planned Maintenance", AssessmentText.Table(assessment), StringComparison.Ordinal);
        Assert.Contains("\"plannedMaintenance\": []", AssessmentJson.Write(assessment), StringComparison.Ordinal);
    }

    [Fact]
    public void AWindowAcrossMidnight_ShowsBothDays_AndItsMinutesAcrossTheClockChange()
    {
        // The clocks go back at 02:00 BST on 25 October 2026: 23:00 to 03:00 London is five hours.
        var window = new MaintenanceWindow("PM-1", "ssi", new LocalDateTime(2026, 10, 24, 23, 0), new LocalDateTime(2026, 10, 25, 3, 0), new LocalDate(2026, 9, 1), "");
        Assert.Equal(300, window.Minutes);
        using var files = new CaseFiles
        {
            Meeting = "committee,meeting_date,previous_meeting_date\nOPSG,2026-10-27,2026-09-29\n",
            Maintenance = "id,service,start,end,notified,description\nPM-1,ssi,2026-10-24T23:00,2026-10-25T03:00,2026-09-01,clock change\n",
        };
        Assert.Contains("2026-10-24 23:00 – 2026-10-25 03:00", AssessmentText.Table(files.Assess()), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadMaintenance_ReadsOneFile_AndRefusesAtItsLineAndField()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "windows.csv");
        File.WriteAllText(file, "id,service,start,end,notified,description\nPM-1,ssi,2026-11-08T00:00,2026-11-08T04:00,2026-10-01,upgrade\n");
        var read = CaseFolder.LoadMaintenance(file, "windows.csv", Rules.Shipped);
        Assert.True(read.Succeeded);
        Assert.Equal(240, Assert.Single(read.Value).Minutes);

        File.WriteAllText(file, "id,service,start,end,notified,description\nPM-1,ssi,2026-11-08T00:00,2026-11-08T04:00,2026-11-08,upgrade\nPM-2,ssi,2026-11-08T02:00,2026-11-08T05:00,2026-10-01,again\n");
        var refused = CaseFolder.LoadMaintenance(file, "windows.csv", Rules.Shipped);
        Assert.Equal(["windows.csv:3: field 'start': the window overlaps 'PM-1' (line 2) of the same service; give one window for the time"], refused.Problems.Select(p => p.ToString()));
    }
}
