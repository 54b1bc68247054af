using NodaTime;
using SecPanel.Reminders;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>
/// Reminders by email, sent through MailKit to a real SMTP server on loopback and read as they
/// arrived: what, to whom, once; a run repeated sends nothing, a run that failed or was killed is
/// made good by the next, and a passing refusal is retried.
/// </summary>
public sealed class ReminderTests
{
    private static readonly IReadOnlyList<ReminderContact> Contacts =
    [
        new(ContactFor.Obligation, "*", "DCC reporting", "reports@dcc.example"),
        new(ContactFor.Obligation, "pmr", null, "pmr@secas.example"),
        new(ContactFor.Committee, "OPSG", "OPSG secretariat", "opsg@secas.example"),
        new(ContactFor.Owner, "DCC", null, "actions@dcc.example"),
    ];

    private static Store Sample(StoreFixture fixture)
    {
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("tester")).Succeeded);
        return store;
    }

    private static RemindOptions Options(LocalDate asOf, string? smtp, int days = 5) =>
        new(asOf, days, Contacts, smtp, "secpanel@secas.example", _ => TimeSpan.Zero);

    private static List<(string To, string Subject)> Arrived(LoopbackSmtp smtp) =>
        [.. smtp.Received.Select(m => (m.To.Mailboxes.Single().Address, m.Subject ?? string.Empty)).Order()];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheDaysReminders_ArriveOnce_ToTheirContacts_InTextAndHtml(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = Sample(fixture);
        await using var smtp = new LoopbackSmtp().Start();

        // Monday 4 June 2018: the PMR for April is due on Wednesday 6 June (secpanel due pmr 2018-04), two working days ahead.
        var run = ReminderRun.Run(store, Options(new LocalDate(2018, 6, 4), smtp.Address));
        Assert.Equal(0, run.Failed);
        var pmr = smtp.Received.Where(m => m.Subject == "Due in 2 working days: Performance Measurement Report (April 2018), by Wednesday 6 June 2018").ToList();
        Assert.Equal(["pmr@secas.example", "reports@dcc.example"], pmr.Select(m => m.To.Mailboxes.Single().Address).Order());
        var message = pmr.Single(m => m.To.Mailboxes.Single().Address == "reports@dcc.example");
        Assert.Equal("DCC reporting", message.To.Mailboxes.Single().Name);
        Assert.Equal("secpanel@secas.example", message.From.Mailboxes.Single().Address);
        Assert.Equal("due-soon.pmr.2018-04.2018-06-06.reports.dcc.example@secpanel", message.MessageId);
        Assert.Contains("The DCC's Performance Measurement Report for April 2018 is due on Wednesday 6 June 2018", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("SecPanel has no delivery of it recorded as of Monday 4 June 2018.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>The DCC&#39;s Performance Measurement Report for April 2018 is due on Wednesday 6 June 2018", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("as a contact for the DCC's pmr reports", pmr.Single(m => m.To.Mailboxes.Single().Address == "pmr@secas.example").TextBody, StringComparison.Ordinal);

        // Every reminder the plan gives went to each of its contacts, once, and is recorded as sent.
        var plan = ReminderPlan.Of(ReminderRun.Inputs(store, new LocalDate(2018, 6, 4), 5));
        var expected = plan.SelectMany(r => Contacts.Where(c => c.For == r.For && (c.Key == r.To || c.Key == "*")).Select(c => (c.Email, r.Subject))).Order().ToList();
        Assert.Equal(expected, Arrived(smtp));
        Assert.Equal(expected.Count, run.Sent);
        Assert.All(store.Reminders(), r => Assert.True(r.Sent && r.Attempts == 1, r.ToString()));

        // Again the same day, or the next: nothing more is sent (the next day's own reminders aside).
        var again = ReminderRun.Run(store, Options(new LocalDate(2018, 6, 4), smtp.Address));
        Assert.Equal((0, expected.Count), (again.Sent, again.AlreadySent));
        Assert.Equal(expected, Arrived(smtp));
        ReminderRun.Run(store, Options(new LocalDate(2018, 6, 5), smtp.Address));
        Assert.Single(smtp.Received, m => (m.Subject ?? string.Empty).StartsWith("Due in 2 working days: Performance Measurement Report (April 2018)", StringComparison.Ordinal) && m.To.Mailboxes.Single().Address == "reports@dcc.example");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARunThatFailed_OrWasKilled_IsMadeGoodByTheNext_AndAPassingRefusalIsRetried(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = Sample(fixture);
        var day = new LocalDate(2018, 6, 4);
        await using var smtp = new LoopbackSmtp();

        // The server is down: nothing is sent, each failure is said, and each waits for the next run.
        var down = ReminderRun.Run(store, Options(day, smtp.Address));
        Assert.True(down.Failed > 0);
        Assert.Equal(0, down.Sent);
        Assert.Contains(down.Lines, l => l.StartsWith("due-soon/pmr/2018-04/2018-06-06: NOT sent to reports@dcc.example after 3 attempts: ", StringComparison.Ordinal));
        Assert.All(store.Reminders(), r => Assert.True(!r.Sent && r.Attempts == 1 && r.LastError is not null, r.ToString()));

        // Killed after asking the server and before hearing back: recorded as being sent, not as sent.
        smtp.Start();
        var plan = ReminderPlan.Of(ReminderRun.Inputs(store, day, 5));
        var late = plan.First(r => r.Kind == ReminderKind.Late);
        Assert.Equal(1, store.FindReminder(late.Key, "reports@dcc.example")!.Attempts);

        // The server up, refusing the first message twice: retried, and every message arrives once, with the Message-Id it was first given.
        smtp.RefuseNext = 2;
        var up = ReminderRun.Run(store, Options(day, smtp.Address));
        Assert.Equal((0, down.Failed), (up.Failed, up.Sent));
        Assert.Equal(down.Failed, smtp.Received.Count);
        Assert.Equal(smtp.Received.Count, smtp.Received.Select(m => m.MessageId).Distinct().Count());
        Assert.All(store.Reminders(), r => Assert.True(r.Sent && r.Attempts == 2 && r.LastError is null, r.ToString()));
        Assert.Contains(up.Lines, l => l == $"{late.Key}: sent to reports@dcc.example (attempt 2)");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AComingMeeting_HearsOfTheReportsOutstanding_AndOwnersOfTheirOverdueActions(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = Sample(fixture);
        await using var smtp = new LoopbackSmtp().Start();

        // 12 June 2018, ten working days before OPSG's meeting of 26 June: May's variance reports are not in yet (they came on 13 and 14 June).
        ReminderRun.Run(store, Options(new LocalDate(2018, 6, 12), smtp.Address, days: 10));
        var meeting = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == "opsg@secas.example");
        Assert.StartsWith("OPSG meeting on Tuesday 26 June 2018: ", meeting.Subject, StringComparison.Ordinal);
        Assert.Contains("- Service Request (SR) Variance Report (May 2018), due ", meeting.TextBody, StringComparison.Ordinal);
        Assert.Contains("<li>Certificate Signing Request (CSR) Variance Report (May 2018), due ", meeting.HtmlBody, StringComparison.Ordinal);

        // 3 September 2018: OPSG's action A1 on the DCC, due in August, is overdue; the Members' action has no contact, and is said so.
        var september = ReminderRun.Run(store, Options(new LocalDate(2018, 9, 3), smtp.Address));
        var action = Assert.Single(smtp.Received, m => m.To.Mailboxes.Single().Address == "actions@dcc.example");
        Assert.Equal("Overdue action: Detailed traffic management proposals (OPSG A1)", action.Subject);
        Assert.Contains("was due by the end of August 2018 and is still open: DCC to come back to the Operations Group", action.TextBody, StringComparison.Ordinal);
        Assert.Contains(september.Lines, l => l == "action-overdue/OPSG/2018-06-26/A2/2018-07-31: no contact for owner Members; not sent");
    }

    [Fact]
    public async Task TheServer_SendsTheDaysReminders_WhenItStarts_AndLogsTheRun()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var smtp = new LoopbackSmtp().Start();
        using var folder = new TempFolder();
        var contacts = folder.Write("contacts.csv", "for,key,name,email\nobligation,*,DCC reporting,reports@dcc.example\nowner,DCC,,actions@dcc.example\n");
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Workspaces.Year,
            o => o with { Reminders = new ReminderSchedule(contacts, smtp.Address, "secpanel@secas.example", new LocalTime(7, 0), 5) });

        // The run goes to the server's log when it is done.
        for (var i = 0; i < 300 && !server.Store.ServerLog(20).Any(e => e.Event.StartsWith("reminders", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, cancel);
        }

        var logged = Assert.Single(server.Store.ServerLog(20), e => e.Event.StartsWith("reminders", StringComparison.Ordinal));
        Assert.Equal("reminders sent", logged.Event);

        // What the day's plan gives (28 November 2026, the server's clock) arrived, once each, and is recorded as sent.
        var plan = ReminderPlan.Of(ReminderRun.Inputs(server.Store, new LocalDate(2026, 11, 28), 5));
        var expected = plan.Where(r => r.For == ContactFor.Obligation || r.To == "DCC").ToList();
        Assert.NotEmpty(expected);
        Assert.StartsWith($"2026-11-28: {expected.Count} sent, 0 sent before, ", logged.Detail, StringComparison.Ordinal);
        Assert.Equal(expected.Select(r => r.Subject).Order(), smtp.Received.Select(m => m.Subject).Order());
        Assert.Equal(expected.Count, server.Store.Reminders().Count(r => r.Sent));
    }

    [Fact]
    public void ADryRun_SaysWhatWouldBeSent_AndSendsAndRecordsNothing()
    {
        using var fixture = new StoreFixture(StoreKind.Sqlite);
        var store = Sample(fixture);
        var dry = ReminderRun.Run(store, Options(new LocalDate(2018, 6, 4), null));
        Assert.Contains(dry.Lines, l => l == "due-soon/pmr/2018-04/2018-06-06: would be sent to pmr@secas.example (a dry run: no --smtp)");
        Assert.Equal(0, dry.Sent);
        Assert.Empty(store.Reminders());
    }
}
