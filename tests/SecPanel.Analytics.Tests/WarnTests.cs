using MimeKit;
using SecPanel.Storage;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// Warnings to Parties: notices written as email files and sent through a real SMTP client (MailKit)
/// to a real SMTP server started on loopback (SmtpServer), read back as they arrived; never twice,
/// and sent later when the server was down.
/// </summary>
public sealed class WarnTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Notices_AreWrittenAndSentOnce_ToEachPartysContact_AndSentWhenTheServerIsBack()
    {
        var logs = Path.Combine(folder.Path, "logs");
        var db = Path.Combine(folder.Path, "secpanel.db");
        var notices = Path.Combine(folder.Path, "notices");
        var contacts = Path.Combine(folder.Path, "contacts.csv");
        Assert.Equal(0, BadRowTests.Run("traffic", "generate", "--month", "2026-09", "--months", "3", "--growth", "5", "--meters", "20000", "--seed", "7", "--out", logs).Code);
        Assert.Equal(0, BadRowTests.Run("init", "--db", db).Code);
        await File.WriteAllTextAsync(contacts, "user,name,email\nSUPPLIER-B,Ops desk,ops@supplier-b.example\nSUPPLIER-C,,dcc@supplier-c.example\nSUPPLIER-X,,x@nowhere.example\n", TestContext.Current.CancellationToken);
        var rules = Repo.Path("samples", "traffic-rules");
        await using var smtp = new LoopbackSmtp();
        string[] Warn() => ["traffic", "warn", logs, "--db", db, "--as", "analyst", "--rules", rules, "--horizon", "365", "--out", notices, "--contacts", contacts, "--smtp", smtp.Address, "--from", "secpanel@opsg.example"];

        // The server is down: the notices are written and recorded, none as sent, and the run says so.
        var down = BadRowTests.Run(Warn());
        Assert.Equal(2, down.Code);
        Assert.Contains("SUPPLIER-B: the notice was not sent to ops@supplier-b.example", down.Stderr, StringComparison.Ordinal);
        var files = Directory.GetFiles(notices, "*.eml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("traffic-notice-SUPPLIER-B-26.eml", files);
        var store = Open(db);
        Assert.Equal(files.Count, store.TrafficNotices().Count);
        Assert.All(store.TrafficNotices(), n => Assert.Null(n.SentAt));

        // The server is up: the two Parties with a contact get theirs, once; the others are not written again.
        smtp.Start();
        var up = BadRowTests.Run(Warn());
        Assert.True(up.Code == 0, up.Stderr);
        Assert.Contains("SUPPLIER-B: notice sent to ops@supplier-b.example", up.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 written, 2 sent,", up.Stdout, StringComparison.Ordinal);
        var mail = smtp.Received.OrderBy(m => m.To.Mailboxes.Single().Address, StringComparer.Ordinal).ToList();
        Assert.Equal(["dcc@supplier-c.example SUPPLIER-C", "ops@supplier-b.example Ops desk"], mail.Select(m => $"{m.To.Mailboxes.Single().Address} {m.To.Mailboxes.Single().Name}"));
        Assert.All(mail, m => Assert.Equal("secpanel@opsg.example", m.From.Mailboxes.Single().Address));
        var b = mail[1];
        Assert.StartsWith("DCC traffic management: SUPPLIER-B's Service Requests at the peak are forecast to reach its allocation about 20", b.Subject, StringComparison.Ordinal);
        Assert.Contains("Your allocation is 26 Service Requests a minute: your share of the operating threshold", b.TextBody, StringComparison.Ordinal);
        Assert.Contains("operating threshold of 140 a minute", b.TextBody, StringComparison.Ordinal);
        Assert.Contains("To SUPPLIER-B (Ops desk),", b.TextBody, StringComparison.Ordinal);
        // The file written first is the same notice.
        var file = await MimeMessage.LoadAsync(Path.Combine(notices, "traffic-notice-SUPPLIER-B-26.eml"), TestContext.Current.CancellationToken);
        Assert.Equal(file.TextBody!.TrimEnd(), b.TextBody!.TrimEnd());

        // Again: nothing is sent or written twice.
        var again = BadRowTests.Run(Warn());
        Assert.True(again.Code == 0, again.Stderr);
        Assert.Contains("SUPPLIER-B: warned of its allocation of 26 a minute already, sent to ops@supplier-b.example on ", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 written, 0 sent,", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, smtp.Received.Count);

        // Each notice is in the audit trail: recorded, then sent.
        var trail = Open(db).AuditTrail().Where(e => e.Kind == "traffic-notice").ToList();
        Assert.Equal(files.Count + 2, trail.Count);
        Assert.All(trail, e => Assert.Equal("analyst", e.Actor));
        Assert.Equal(["insert", "update"], trail.Where(e => e.Key == "SUPPLIER-B/26").Select(e => e.Action));
    }

    [Fact]
    public void Warn_WithABadContactsFile_IsRefusedWithItsLineAndField_NothingWritten()
    {
        var db = Path.Combine(folder.Path, "secpanel.db");
        var contacts = Path.Combine(folder.Path, "contacts.csv");
        var logs = Path.Combine(folder.Path, "logs");
        Traffic.Generate(logs, meters: 20, seed: 1);
        Assert.Equal(0, BadRowTests.Run("init", "--db", db).Code);
        File.WriteAllText(contacts, "user,name,email\nSUPPLIER-A,,ops.supplier-a.example\n");

        var (code, stdout, stderr) = BadRowTests.Run("traffic", "warn", logs, "--db", db, "--out", Path.Combine(folder.Path, "notices"), "--contacts", contacts);

        Assert.Equal((2, ""), (code, stdout));
        Assert.Contains($"{contacts}:2: field 'email': 'ops.supplier-a.example' is not an email address of the form name@example.org", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "notices")));
        Assert.Empty(Open(db).TrafficNotices());
    }

    [Fact]
    public void Warn_WithoutAStore_IsRefused_ForItCouldNotKeepFromSendingTwice()
    {
        var (code, _, stderr) = BadRowTests.Run("traffic", "warn", folder.Path, "--out", Path.Combine(folder.Path, "notices"));

        Assert.Equal(2, code);
        Assert.Contains("--db: traffic warn records each notice in a store, so that none is sent twice", stderr, StringComparison.Ordinal);
    }

    private static Store Open(string db) => Store.Open(StoreLocation.Parse(db, out var error) ?? throw new InvalidOperationException(error), new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 12, 2, 9, 0)));
}
