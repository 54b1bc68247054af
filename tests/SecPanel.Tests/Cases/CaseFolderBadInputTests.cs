using SecPanel.Cases;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Cases;

/// <summary>A bad case is refused whole, with every problem located by file, line and field.</summary>
public class CaseFolderBadInputTests
{
    private const string D = "obligation,period,delivered\n";

    private static void AssertRefused(CaseFiles files, string expected)
    {
        using (files)
        {
            var result = files.Load();
            Assert.False(result.Succeeded);
            Assert.Contains(result.Problems, p => p.ToString().StartsWith(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void MissingDeliveriesFile_IsNamed() =>
        AssertRefused(new CaseFiles { Deliveries = null }, "case/deliveries.csv: file not found");

    [Theory]
    [InlineData("Deliveries.csv", false)] // a capital: assess read no deliveries at all
    [InlineData("deliveries.csv ", false)] // a trailing space
    [InlineData("Deliveries.csv", true)] // a folder so named is no better
    public void ANameSecPanelWouldSkip_IsNamed_WithTheNameMeant(string name, bool folder)
    {
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        var path = Path.Combine(temp.Path, name);
        if (folder)
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            File.Move(Path.Combine(temp.Path, CaseFolder.DeliveriesFile), path);
        }

        var result = CaseFolder.Load(temp.Path, "case", Rules.Shipped);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith($"case/{name}: is not a file SecPanel reads; did you mean 'deliveries.csv'?", StringComparison.Ordinal));
    }

    [Fact]
    public void AStrayVarianceFile_IsNamed_EvenThoughTheCaseIsOtherwiseWhole()
    {
        // variance.csv is optional: without the check, the case was assessed without its figures.
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        File.Move(Path.Combine(temp.Path, CaseFolder.VarianceFile), Path.Combine(temp.Path, "Variance.csv"));
        var result = CaseFolder.Load(temp.Path, "case", Rules.Shipped);
        Assert.Equal(
            "case/Variance.csv: is not a file SecPanel reads; did you mean 'variance.csv'? (names are matched exactly, in lower case, without spaces)",
            Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void MissingCaseFolder_IsNamed()
    {
        var result = CaseFolder.Load("/nonexistent/case", "no-such-case", Rules.Shipped);
        Assert.Equal("no-such-case: case folder not found", result.Problems.Single().ToString());
    }

    [Fact]
    public void UnknownObligation_ListsTheKnownOnes() =>
        AssertRefused(new CaseFiles { Deliveries = D + "sr-varience,2018-05,2018-06-14\n" }, "case/deliveries.csv:2: field 'obligation': unknown obligation 'sr-varience'; the obligations are pmr, comms-hub-returns");

    [Fact]
    public void MalformedDate_IsLocated() =>
        AssertRefused(new CaseFiles { Deliveries = D + "pmr,2018-04,2018-06-05\nsr-variance,2018-05,14/06/2018\n" }, "case/deliveries.csv:3: field 'delivered': '14/06/2018' is not a date of the form YYYY-MM-DD");

    [Fact]
    public void ImpossibleDate_IsLocated() =>
        AssertRefused(new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-31\n" }, "case/deliveries.csv:2: field 'delivered': '2018-06-31' is not a real date");

    [Fact]
    public void NegativeCount_IsLocated() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,-5,100\n" },
            "case/variance.csv:2: field 'sent': -5 is negative; a count is zero or more");

    [Fact]
    public void CountWithSeparators_IsRefusedNotMisread() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,\"208,851\",583151\n" },
            "case/variance.csv:2: field 'sent': '208,851' is not a whole number");

    [Theory]
    [InlineData("\u202E", "U+202E")] // right-to-left override: "devorppA" shows as "Approved"
    [InlineData("\u2067", "U+2067")] // right-to-left isolate
    [InlineData("\u200F", "U+200F")] // right-to-left mark, invisible
    public void BidirectionalControl_InAnyValue_IsRefused_WithWhereItIs(string control, string named) =>
        AssertRefused(
            new CaseFiles { Deliveries = "obligation,period,delivered,reference,observations\npmr,2018-04,2018-06-05,,\"Capacity is " + control + "devorppA\"\n" },
            $"case/deliveries.csv:2: field 'observations': holds the invisible bidirectional control {named} at character 13, which reorders the text people see; remove it");

    [Fact]
    public void AKeyWrittenInAnotherUnicodeForm_IsTheSameKey() =>
        AssertRefused(
            new CaseFiles { Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,Caf\u00E9 Energy,5,100\nsr-variance,2018-05,Cafe\u0301 Energy,6,100\n", Deliveries = D + "sr-variance,2018-05,2018-06-14\n" },
            "case/variance.csv:3: field 'user':");

    [Theory]
    [InlineData("\u200B", "U+200B")] // zero-width space
    [InlineData("\u00AD", "U+00AD")] // soft hyphen
    [InlineData("\uFEFF", "U+FEFF")] // zero-width no-break space (a byte order mark inside the text)
    public void InvisibleCharacter_InAnyValue_IsRefused_WithWhereItIs(string invisible, string named) =>
        AssertRefused(
            new CaseFiles { Deliveries = "obligation,period,delivered,reference,observations\npmr,2018-04,2018-06-05,,\"Capacity is " + invisible + "fine\"\n" },
            $"case/deliveries.csv:2: field 'observations': holds the invisible character {named} at character 13, which makes the text look like other text; remove it");

    [Theory]
    [InlineData("pmr,9999-11,9999-12-31", "case/deliveries.csv:2: field 'period': '9999-11' is outside the periods kept: SecPanel keeps dates from 1900 to 2199")] // its deadline would fall past the calendar's end
    [InlineData("pmr,2018-04,9999-12-31", "case/deliveries.csv:2: field 'delivered': '9999-12-31' is outside the dates kept: SecPanel keeps dates from 1900 to 2199")]
    [InlineData("pmr,2018-04,0001-01-01", "case/deliveries.csv:2: field 'delivered': '0001-01-01' is outside the dates kept")] // year 1 crashed PostgreSQL's copy
    [InlineData("pmr,1899-12,2018-06-05", "case/deliveries.csv:2: field 'period': '1899-12' is outside the periods kept")]
    [InlineData("pmr,\uFF12\uFF10\uFF11\uFF18-04,2018-06-05", "case/deliveries.csv:2: field 'period': '\uFF12\uFF10\uFF11\uFF18-04' is not a period")] // full-width digits: refused, not a crash
    public void DatesAndPeriodsOutsideTheKeptRange_OrNotInAsciiDigits_AreRefused(string line, string expected) =>
        AssertRefused(new CaseFiles { Deliveries = D + line + "\n" }, expected);

    [Fact]
    public void DuplicateDelivery_NamesTheFirstLine() =>
        AssertRefused(new CaseFiles { Deliveries = D + "pmr,2018-04,2018-06-05\npmr,2018-04,2018-06-06\n" }, "case/deliveries.csv:3: field 'period': pmr 2018-04 is already delivered on line 2");

    [Fact]
    public void WrongPeriodForm_ForAQuarterlyObligation() =>
        AssertRefused(new CaseFiles { Deliveries = D + "quarterly-problem,2018-04,2018-06-05\n" }, "case/deliveries.csv:2: field 'period': '2018-04' is a month but the obligation is quarterly");

    [Fact]
    public void DeliveredBeforeThePeriodEnded_IsRefused() =>
        AssertRefused(new CaseFiles { Deliveries = D + "pmr,2018-06,2018-06-05\n" }, "case/deliveries.csv:2: field 'delivered': 2018-06-05 is not after the end of the period 2018-06");

    [Fact]
    public void FiguresWithoutADelivery_AreRefused() =>
        AssertRefused(
            new CaseFiles { Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,5,100\n" },
            "case/variance.csv:2: field 'period': no delivery of sr-variance 2018-05 is recorded in deliveries.csv");

    [Fact]
    public void FiguresOfTheWrongKind_AreRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "pmr,2018-04,2018-06-05\n", Variance = "obligation,period,user,sent,forecast\npmr,2018-04,,5,100\n" },
            "case/variance.csv:2: field 'obligation': 'pmr' is not a variance report");

    [Theory]
    [InlineData("-", "'-' is not a User's name: a name starts with a letter or a digit (the total line leaves the User empty)")] // how the trail writes the total's empty name
    [InlineData("A/B", "'A/B' holds '/'; a User's name holds letters, digits, spaces and . _ - & ( ) ' + only")] // '/' joins a key's parts
    [InlineData("A\u200B", "holds the invisible character U+200B at character 2")] // zero-width space: looks like "A"
    [InlineData("Supplier \u0410", "'Supplier \u0410' mixes Latin and Cyrillic letters")] // a Cyrillic А: looks like "Supplier A"
    public void UserNames_ThatCouldPassForTheTotalOrSplitAKey_AreRefused(string user, string expected) =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = $"obligation,period,user,sent,forecast\nsr-variance,2018-05,,5,100\nsr-variance,2018-05,{user},5,100\n" },
            $"case/variance.csv:3: field 'user': {expected}");

    [Fact]
    public void AQuoteNeverClosed_InALargeFile_IsLocated()
    {
        // With quotes parsed, the rest of the file became one row longer than Sep's longest
        // (about 16 MiB), and its NotSupportedException escaped the import.
        var lines = string.Concat(Enumerable.Repeat("sr-variance,2018-05,A,5,100\n", 700_000));
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,\"B,5,100\n" + lines },
            "case/variance.csv:2: the row runs from line 2 to line 700002 and is 19,600,028 characters long, more than the 16,000,000 SecPanel reads in one row: is a closing \" missing?");
    }

    [Fact]
    public void DuplicateUserFigure_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,A,5,100\nsr-variance,2018-05,A,6,100\n" },
            "case/variance.csv:3: field 'user': sr-variance 2018-05 User 'A' is already given on line 2");

    [Fact]
    public void TotalThatIsNotTheSumOfUsers_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,12,200\nsr-variance,2018-05,A,5,100\nsr-variance,2018-05,B,6,100\n" },
            "case/variance.csv:2: field 'sent': the total 12 is not the sum of the per-User figures (11)");

    [Theory]
    // No total line: the total would be the sum, which a count cannot hold (this crashed the assessment).
    [InlineData("sr-variance,2018-05,A,5000000000000000000,100\nsr-variance,2018-05,B,5000000000000000000,100\n", "case/variance.csv:3: field 'sent': the per-User figures of sr-variance 2018-05 add up to more than 9,223,372,036,854,775,807")]
    // A total line too: the check against the total must not overflow either.
    [InlineData("sr-variance,2018-05,,9223372036854775807,\nsr-variance,2018-05,A,5000000000000000000,\nsr-variance,2018-05,B,5000000000000000000,\n", "case/variance.csv:4: field 'sent': the per-User figures of sr-variance 2018-05 add up to more than 9,223,372,036,854,775,807")]
    // The forecasts are summed the same way; the overflowing line is the one named.
    [InlineData("sr-variance,2018-05,A,1,5000000000000000000\nsr-variance,2018-05,B,1,1\nsr-variance,2018-05,C,1,5000000000000000000\n", "case/variance.csv:4: field 'forecast': the per-User forecasts of sr-variance 2018-05 add up to more than 9,223,372,036,854,775,807")]
    public void UserFiguresWhoseSumCannotBeHeld_AreRefusedAtTheLineThatOverflows(string lines, string expected) =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\n" + lines },
            expected);

    [Fact]
    public void UserFiguresAtTheLargestSum_AreAccepted()
    {
        // Exactly long.MaxValue in all: the bound is the most a count holds, not less.
        using var files = new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,A,4611686018427387904,\nsr-variance,2018-05,B,4611686018427387903,\n" };
        var result = files.Load();
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
    }

    [Fact]
    public void TotalForecastThatIsNotTheSumOfUsers_WhenEveryUserHasOne_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,11,250\nsr-variance,2018-05,A,5,100\nsr-variance,2018-05,B,6,100\n" },
            "case/variance.csv:2: field 'forecast': the total 250 is not the sum of the per-User forecasts (200)");

    [Fact]
    public void TotalForecast_WhenAUserHasNone_IsNotCheckedAgainstTheUsers()
    {
        // assessment-json.md's example: User A sent with no forecast (the L8.9 "no forecast but
        // sent" case), so the per-User forecasts cannot add up to the total's.
        using var files = new CaseFiles { Deliveries = D + "sr-variance,2018-05,2018-06-14\n", Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,2500,2000\nsr-variance,2018-05,A,1000,\nsr-variance,2018-05,B,1500,1000\n" };
        var result = files.Load();
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void UnknownMeasure_WithoutItsDefinition_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "pmr,2018-04,2018-06-05\n", Performance = "obligation,period,measure,level\npmr,2018-04,CPM9,99\n" },
            "case/performance.csv:2: field 'measure': unknown measure 'CPM9'");

    [Fact]
    public void WithinMoreThanTotal_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "pmr,2018-04,2018-06-05\n", Performance = "obligation,period,measure,within,total\npmr,2018-04,CPM1,101,100\n" },
            "case/performance.csv:2: field 'within': 101 within target is more than the total 100");

    [Fact]
    public void LevelAbove100_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "pmr,2018-04,2018-06-05\n", Performance = "obligation,period,measure,level\npmr,2018-04,CPM1,100.5\n" },
            "case/performance.csv:2: field 'level': 100.5 is more than 100 percent");

    [Fact]
    public void IncidentResolvedBeforeOpened_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "rdp-incidents,2018-05,2018-06-05\n", Incidents = "obligation,period,id,category,opened,resolved\nrdp-incidents,2018-05,I1,2,2018-05-03T09:00,2018-05-02T09:00\n" },
            "case/incidents.csv:2: field 'resolved': resolved before it was opened");

    [Fact]
    public void IncidentCategoryOutOfRange_IsRefused() =>
        AssertRefused(
            new CaseFiles { Deliveries = D + "rdp-incidents,2018-05,2018-06-05\n", Incidents = "obligation,period,id,category,opened\nrdp-incidents,2018-05,I1,7,2018-05-03T09:00\n" },
            "case/incidents.csv:2: field 'category': category 7 has no Target Resolution Time");

    [Fact]
    public void IncidentsAndCountsForTheSameReport_AreRefused() =>
        AssertRefused(
            new CaseFiles
            {
                Deliveries = D + "rdp-incidents,2018-05,2018-06-05\n",
                IncidentCounts = "obligation,period,resolved,open\nrdp-incidents,2018-05,1,0\n",
                Incidents = "obligation,period,id,category,opened\nrdp-incidents,2018-05,I1,2,2018-05-03T09:00\n",
            },
            "case/incidents.csv:2: field 'period': rdp-incidents 2018-05 also has counts in incident-counts.csv");

    [Fact]
    public void MeetingFile_PreviousMeetingNotBefore_IsRefused() =>
        AssertRefused(new CaseFiles { Meeting = "committee,meeting_date,previous_meeting_date\nOPSG,2018-06-26,2018-06-26\n" }, "case/meeting.csv:2: field 'previous_meeting_date': 2018-06-26 is not before the meeting date 2018-06-26");

    [Fact]
    public void MeetingFile_SameMeetingTwice_IsRefused() =>
        AssertRefused(new CaseFiles { Meeting = "committee,meeting_date,previous_meeting_date\nOPSG,2018-06-26,2018-05-22\nOPSG,2018-06-26,2018-05-29\n" }, "case/meeting.csv:3: field 'meeting_date': the OPSG meeting of 2018-06-26 is already given on line 2");

    [Fact]
    public void MeetingFile_NoMeeting_LoadsButNamesNoMeetingToAssess()
    {
        using var files = new CaseFiles { Meeting = "committee,meeting_date,previous_meeting_date\n" };
        var loaded = files.Load();
        Assert.True(loaded.Succeeded);
        Assert.Null(loaded.Value.FindMeeting(null, null, out var error));
        Assert.Equal("no meeting is recorded; add it to meeting.csv", error);
    }

    [Fact]
    public void MeetingFile_UnknownCommittee_IsRefused() =>
        AssertRefused(new CaseFiles { Meeting = "committee,meeting_date,previous_meeting_date\nOPS,2018-06-26,2018-05-22\n" }, "case/meeting.csv:2: field 'committee': unknown committee 'OPS'; the committees are OPSG, SSC");

    [Fact]
    public void MeetingFile_UnknownRegion_IsRefused() =>
        AssertRefused(new CaseFiles { Meeting = "committee,meeting_date,previous_meeting_date,region\nOPSG,2018-06-26,2018-05-22,wales\n" }, "case/meeting.csv:2: field 'region': unknown region 'wales'");

    [Fact]
    public void WrongHeader_NamesTheMissingColumn() =>
        AssertRefused(new CaseFiles { Deliveries = "obligation,period,date\npmr,2018-04,2018-06-05\n" }, "case/deliveries.csv:1: field 'delivered': required column is missing from the header");

    [Fact]
    public void EmptyFile_IsRefused() =>
        AssertRefused(new CaseFiles { Deliveries = "" }, "case/deliveries.csv: the file is empty");

    [Fact]
    public void TruncatedLine_IsLocated() =>
        AssertRefused(new CaseFiles { Deliveries = D + "pmr,2018-04,2018-06-05\nsr-variance,2018-05\n" }, "case/deliveries.csv:3: has 2 values but the header has 3 columns");

    [Fact]
    public void Utf16File_IsRefusedWithAHint()
    {
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        File.WriteAllText(System.IO.Path.Combine(temp.Path, "deliveries.csv"), "obligation,period,delivered\npmr,2018-04,2018-06-05\n", System.Text.Encoding.Unicode);
        var refused = CaseFolder.Load(temp.Path, "case", Rules.Shipped);
        Assert.Contains(refused.Problems, p => p.ToString().StartsWith("case/deliveries.csv: ", StringComparison.Ordinal) && p.Message.Contains("UTF", StringComparison.Ordinal));
    }

    [Fact]
    public void SeveralProblemsInSeveralFiles_AreAllReported()
    {
        using var files = new CaseFiles
        {
            Deliveries = D + "pmr,2018-04,yesterday\nxyz,2018-04,2018-06-05\n",
            Variance = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,-1,\n",
        };
        var result = files.Load();
        Assert.Equal(
            ["case/deliveries.csv:2", "case/deliveries.csv:3", "case/variance.csv:2", "case/variance.csv:2"],
            result.Problems.Select(p => $"{p.File}:{p.Line}"));
    }
}
