using NodaTime;
using SecPanel.Records;
using SecPanel.Tests.Cases;
using Xunit;

namespace SecPanel.Tests.Records;

/// <summary>The committee records as the case-folder reader reads them: defaults, the Assurance Status vocabulary over time, due months, outcomes and scores.</summary>
public class RecordsReaderTests
{
    private const string Meetings = "committee,meeting_date,previous_meeting_date\n"
        + "OPSG,2018-06-26,2018-05-22\n"
        + "SSC,2018-06-20,2018-05-16\n"
        + "SSC,2019-05-15,2019-04-17\n"
        + "SSC,2020-03-18,2020-02-19\n";

    private const string ItemHeader = "committee,meeting_date,id,kind,title,text,classification,public_summary,obligation,period\n";
    private const string ActionHeader = "committee,meeting_date,id,title,owner,due,status,text,closed,classification,public_summary\n";
    private const string DecisionHeader = "meeting_date,id,party,assessment,status,condition,classification,public_summary\n";
    private const string LetterHeader = "meeting_date,id,party,outcome,classification,public_summary\n";
    private const string RiskHeader = "risk,revision,date,title,likelihood,impact,owner,treatment,review_date,description,classification,public_summary\n";

    private static CommitteeRecords Read(CaseFiles files)
    {
        using (files)
        {
            var loaded = files.Load();
            Assert.True(loaded.Succeeded, string.Join("\n", loaded.Problems));
            return loaded.Value.Records;
        }
    }

    private static void AssertRefused(CaseFiles files, string expected)
    {
        using (files)
        {
            var loaded = files.Load();
            Assert.False(loaded.Succeeded, "the records were read");
            Assert.Contains(loaded.Problems, p => p.ToString().StartsWith(expected, StringComparison.Ordinal));
        }
    }

    private static CaseFiles Decision(string date, string status) =>
        new() { Meeting = Meetings, AssuranceDecisions = DecisionHeader + $"{date},AD1,Example Supply Ltd (illustrative),FUSA,{status},,,\n" };

    [Fact]
    public void NoRecordFiles_ReadAsNoRecords()
    {
        var records = Read(new CaseFiles { Meeting = Meetings });
        Assert.Equivalent(CommitteeRecords.Empty, records);
    }

    [Fact]
    public void DirectorLetterWithoutClassification_IsRed()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, DirectorLetters = LetterHeader + "2018-06-20,DL1,Example Supply Ltd (illustrative),No non-compliance.,,\n" });
        var letter = Assert.Single(records.DirectorLetters);
        Assert.Equal(Tlp.Red, letter.Classification);
        Assert.Equal("SSC", letter.Committee);
        Assert.Equal(string.Empty, letter.PublicSummary);
    }

    [Fact]
    public void SscRecordsWithoutClassification_AreRed()
    {
        var records = Read(new CaseFiles
        {
            Meeting = Meetings,
            AssuranceDecisions = DecisionHeader + "2018-06-20,AD1,Example Supply Ltd (illustrative),FUSA,Approved,,,\n",
            VerificationAssessments = LetterHeader + "2018-06-20,VA1,Example Supply Ltd (illustrative),compliant,,\n",
        });
        Assert.Equal(Tlp.Red, Assert.Single(records.AssuranceDecisions).Classification);
        Assert.Equal(Tlp.Red, Assert.Single(records.VerificationAssessments).Classification);
    }

    [Fact]
    public void ItemWithoutClassification_IsWhite()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, Items = ItemHeader + "OPSG,2018-06-26,H1,highlight,Planned maintenance,The group discussed planned maintenance.,,,,\n" });
        var item = Assert.Single(records.Items);
        Assert.Equal(Tlp.White, item.Classification);
        Assert.Equal(ItemKind.Highlight, item.Kind);
        Assert.Equal(string.Empty, item.Obligation);
        Assert.Null(item.Period);
    }

    [Fact]
    public void GivenClassification_OverridesTheDefault_AndClearIsWhite()
    {
        var records = Read(new CaseFiles
        {
            Meeting = Meetings,
            Items = ItemHeader + "OPSG,2018-06-26,H1,highlight,Planned maintenance,The group discussed planned maintenance.,amber,Maintenance was discussed.,,\n",
            DirectorLetters = LetterHeader + "2018-06-20,DL1,Example Supply Ltd (illustrative),No non-compliance.,CLEAR,\n",
        });
        var item = Assert.Single(records.Items);
        Assert.Equal(Tlp.Amber, item.Classification);
        Assert.Equal("Maintenance was discussed.", item.PublicSummary);
        Assert.Equal(Tlp.White, Assert.Single(records.DirectorLetters).Classification);
    }

    [Fact]
    public void ItemLinks_AreReadAsLabelAndAddress_AndAnItemMayHaveNoTitle()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, Items = "committee,meeting_date,id,kind,title,text,links\n"
            + "SSC,2018-06-20,H1,highlight,,See SECMP0044 and SECMP0042.,SECMP0044=https://example.org/a SECMP0042=http://example.org/b?x=1\n" });
        var item = Assert.Single(records.Items);
        Assert.Equal(string.Empty, item.Title);
        Assert.Equal([("SECMP0044", "https://example.org/a"), ("SECMP0042", "http://example.org/b?x=1")], item.Links.Select(l => (l.Label, l.Url.AbsoluteUri)));
    }

    [Theory]
    [InlineData("SECMP0044", "case/items.csv:2: field 'links': 'SECMP0044' is not a link; write label=url")] // no address
    [InlineData("SECMP0044=ftp://example.org/a", "case/items.csv:2: field 'links': 'ftp://example.org/a' is not an http or https address")] // another scheme
    [InlineData("SECMP0044=/modifications/a", "case/items.csv:2: field 'links': '/modifications/a' is not an http or https address")] // relative
    [InlineData("SECMP0099=https://example.org/a", "case/items.csv:2: field 'links': 'SECMP0099' is not in the item's text")] // nothing to put it on
    [InlineData("SECMP0044=https://example.org/a SECMP0044=https://example.org/b", "case/items.csv:2: field 'links': 'SECMP0044' is linked twice")]
    public void BadItemLinks_AreRefused_WithWhereAndWhy(string links, string expected) =>
        AssertRefused(new CaseFiles { Meeting = Meetings, Items = "committee,meeting_date,id,kind,title,text,links\n" + $"SSC,2018-06-20,H1,highlight,T,See SECMP0044.,{links}\n" }, expected);

    [Fact]
    public void TextOverSeveralLines_IsRead_WithLfLineBreaks_AndLaterLinesKeepTheirNumbers()
    {
        // A paragraph pasted from a minute: quoted, with a Windows line break and a blank line in
        // it. The item after it starts on line 5 of the file, and a problem there says line 5.
        using var files = new CaseFiles
        {
            Meeting = Meetings,
            Items = ItemHeader
                + "OPSG,2018-06-26,H1,highlight,Planned maintenance,\"The group discussed maintenance.\r\n\nIt asked for \"\"a plan\"\".\",,,,\n"
                + "OPSG,2018-06-26,H2,memo,Other,Text.,,,,\n",
        };
        var loaded = files.Load();
        Assert.Equal(["case/items.csv:5: field 'kind': unknown kind 'memo'; the kinds are highlight, decision, observation"], loaded.Problems.Select(p => p.ToString()));

        var good = new CaseFiles { Meeting = Meetings, Items = ItemHeader + "OPSG,2018-06-26,H1,highlight,Planned maintenance,\"The group discussed maintenance.\r\n\nIt asked for \"\"a plan\"\".\",,,,\n" };
        var item = Assert.Single(Read(good).Items);
        Assert.Equal("The group discussed maintenance.\n\nIt asked for \"a plan\".", item.Text);
    }

    [Fact]
    public void UnclosedQuote_OverSeveralLines_SaysWhichLinesTheRowRunsOver() =>
        AssertRefused(
            new CaseFiles { Meeting = Meetings, Items = ItemHeader + "OPSG,2018-06-26,H1,highlight,Planned maintenance,\"The group discussed,,,,\nOPSG,2018-06-26,H2,highlight,Other,Text.,,,,\n" },
            "case/items.csv:2: has 6 values but the header has 10 columns (the row runs from line 2 to line 3: is a closing \" missing?)");

    [Fact]
    public void LineBreakOutsideQuotes_IsRefused() =>
        AssertRefused(
            new CaseFiles { Meeting = Meetings, Items = ItemHeader + "OPSG,2018-06-26,H1,highlight,Planned maintenance,The \"group\ndiscussed\",,,,\n" },
            "case/items.csv:2: field 'text': a value that is not in quotes runs over more than one line");

    [Fact]
    public void Observation_NamesItsReport()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, Items = ItemHeader + "OPSG,2018-06-26,O1,observation,RDP statement,DCC requested to provide statement of assurance.,,,rdp-incidents,2018-05\n" });
        var item = Assert.Single(records.Items);
        Assert.Equal(ItemKind.Observation, item.Kind);
        Assert.Equal("rdp-incidents", item.Obligation);
        Assert.Equal("2018-05", item.Period?.ToString());
    }

    [Fact]
    public void ProvisionallyApproved_BeforeTheChange_IsAccepted()
    {
        var decision = Assert.Single(Read(Decision("2019-05-15", "Provisionally Approved")).AssuranceDecisions);
        Assert.Equal("Provisionally Approved", decision.Status);
        Assert.Equal(new LocalDate(2019, 5, 15), decision.MeetingDate);
    }

    [Fact]
    public void ProvisionallyApproved_AfterTheChange_IsRefused() =>
        AssertRefused(
            Decision("2020-03-18", "Provisionally Approved"),
            "case/assurance-decisions.csv:2: field 'status': 'Provisionally Approved' was not an Assurance Status on 2020-03-18; the statuses then were: Approved; Approved, subject to; Deferred; Rejected");

    [Fact]
    public void Rejected_AfterTheChange_IsAccepted() =>
        Assert.Equal("Rejected", Assert.Single(Read(Decision("2020-03-18", "Rejected")).AssuranceDecisions).Status);

    [Fact]
    public void Rejected_BeforeTheChange_IsRefused() =>
        AssertRefused(
            Decision("2019-05-15", "Rejected"),
            "case/assurance-decisions.csv:2: field 'status': 'Rejected' was not an Assurance Status on 2019-05-15; the statuses then were: Approved; Approved, subject to; Provisionally Approved; Deferred");

    [Fact]
    public void Status_IsMatchedWithoutCase_AndKeptAsTheVocabularySpellsIt()
    {
        var decision = Assert.Single(Read(Decision("2019-05-15", "provisionally approved")).AssuranceDecisions);
        Assert.Equal("Provisionally Approved", decision.Status);
    }

    [Fact]
    public void ApprovedSubjectTo_KeepsItsCondition()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, AssuranceDecisions = DecisionHeader + "2020-03-18,AD1,Example Supply Ltd (illustrative),vusa,\"Approved, subject to\",Remediation plan by 2020-06-30,,\n" });
        var decision = Assert.Single(records.AssuranceDecisions);
        Assert.Equal("Approved, subject to", decision.Status);
        Assert.Equal("Remediation plan by 2020-06-30", decision.Condition);
        Assert.Equal("VUSA", decision.Assessment);
    }

    [Fact]
    public void ActionDueByMonth_IsDueAtTheMonthsEnd()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, Actions = ActionHeader + "OPSG,2018-06-26,A1,Detailed traffic management proposals,DCC,2018-08,open,,,,\n" });
        var action = Assert.Single(records.Actions);
        Assert.Equal(new LocalDate(2018, 8, 31), action.Due);
        Assert.True(action.DueIsMonth);
        Assert.Equal(ActionStatus.Open, action.Status);
        Assert.True(action.IsOverdueOn(new LocalDate(2018, 9, 1)));
        Assert.False(action.IsOverdueOn(new LocalDate(2018, 8, 31)));
    }

    [Fact]
    public void ActionDueOnADate_IsDueThatDay()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, Actions = ActionHeader + "OPSG,2018-06-26,A1,Feedback on SMETS2 compliance,Members,2018-07-16,open,,,,\n" });
        var action = Assert.Single(records.Actions);
        Assert.Equal(new LocalDate(2018, 7, 16), action.Due);
        Assert.False(action.DueIsMonth);
        Assert.False(action.IsOverdueOn(new LocalDate(2018, 7, 16)));
        Assert.True(action.IsOverdueOn(new LocalDate(2018, 7, 17)));
    }

    [Fact]
    public void DoneAction_IsNeverOverdue()
    {
        var records = Read(new CaseFiles { Meeting = Meetings, Actions = ActionHeader + "OPSG,2018-06-26,A1,Detailed traffic management proposals,DCC,2018-08,Done,,2018-08-20,,\n" });
        var action = Assert.Single(records.Actions);
        Assert.Equal(ActionStatus.Done, action.Status);
        Assert.Equal(new LocalDate(2018, 8, 20), action.Closed);
        Assert.False(action.IsOverdueOn(new LocalDate(2018, 9, 1)));
        Assert.True(action.IsOpenOn(new LocalDate(2018, 8, 19)));
        Assert.False(action.IsOpenOn(new LocalDate(2018, 8, 20)));
    }

    [Theory]
    [InlineData("compliant", VerificationOutcome.Compliant, false)]
    [InlineData("potentially-non-compliant", VerificationOutcome.PotentiallyNonCompliant, true)]
    [InlineData("non-compliant", VerificationOutcome.NonCompliant, true)]
    [InlineData("Non-Compliant", VerificationOutcome.NonCompliant, true)]
    public void VerificationOutcome_DecidesWhetherThePanelIsNotified(string text, VerificationOutcome outcome, bool notify)
    {
        var records = Read(new CaseFiles { Meeting = Meetings, VerificationAssessments = LetterHeader + $"2018-06-20,VA1,Example Supply Ltd (illustrative),{text},,\n" });
        var assessment = Assert.Single(records.VerificationAssessments);
        Assert.Equal(outcome, assessment.Outcome);
        Assert.Equal(notify, assessment.NotifyPanel);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 4, 12)]
    [InlineData(2, 5, 10)]
    [InlineData(5, 5, 25)]
    public void RiskScore_IsLikelihoodTimesImpact(int likelihood, int impact, int score)
    {
        var records = Read(new CaseFiles { Meeting = Meetings, Risks = RiskHeader + $"TR-21,1,2018-06-14,Dual Band (868MHz) HAN coverage,{likelihood},{impact},TABASC,Monitor the rollout.,2018-09-13,,,\n" });
        var risk = Assert.Single(records.Risks);
        Assert.Equal(score, risk.Score);
        Assert.Equal(Tlp.White, risk.Classification);
        Assert.Equal("TABASC", risk.Committee);
    }

    [Fact]
    public void RiskRevisions_AreAllKept_EachWithItsScore()
    {
        var records = Read(new CaseFiles
        {
            Meeting = Meetings,
            Risks = RiskHeader
                + "TR-21,1,2018-06-14,Dual Band (868MHz) HAN coverage,3,4,TABASC,Monitor the rollout.,2018-09-13,,,\n"
                + "TR-21,2,2018-09-13,Dual Band (868MHz) HAN coverage,2,4,TABASC,Monitor the rollout.,2018-12-13,,,\n",
        });
        Assert.Equal([(1, 12), (2, 8)], records.Risks.OrderBy(r => r.Revision).Select(r => (r.Revision, r.Score)));
    }
}
