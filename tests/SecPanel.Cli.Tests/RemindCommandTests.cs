using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary><c>secpanel remind</c> as a user runs it: a dry run, and what it refuses before sending anything.</summary>
public class RemindCommandTests
{
    private static (string Db, string Contacts) Store(TempFolder temp, string contacts)
    {
        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        Assert.Equal(0, Cli.Run("import", Repo.Sample, "--db", db).Code);
        return (db, temp.Write("contacts.csv", contacts));
    }

    [Fact]
    public void ADryRun_ListsWhatWouldBeSent_AndSaysSo()
    {
        using var temp = new TempFolder();
        var (db, contacts) = Store(temp, "for,key,name,email\nobligation,pmr,,pmr@secas.example\n");
        var (code, output, error) = Cli.Run("remind", "--db", db, "--contacts", contacts, "--as-of", "2018-06-04");
        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains("due-soon/pmr/2018-04/2018-06-06: would be sent to pmr@secas.example (a dry run: no --smtp)\n", output, StringComparison.Ordinal);
        Assert.Contains("late/sr-variance/2018-02/2018-03-14: no contact for obligation sr-variance; not sent\n", output, StringComparison.Ordinal);
        Assert.EndsWith("As of 2018-06-04: 0 sent, 0 sent before, 5 without a contact, 0 not sent; a dry run, 3 would be sent.\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("for,key,name,email\nobligation,pmx,,a@b.example\n", "contacts.csv:2: field 'key': 'pmx' is not an obligation; the obligations are ")]
    [InlineData("for,key,name,email\nteam,OPSG,,a@b.example\n", "contacts.csv:2: field 'for': 'team' is not obligation, committee or owner")]
    [InlineData("for,key,name,email\ncommittee,OPSG,,opsg.secas.example\n", "contacts.csv:2: field 'email': 'opsg.secas.example' is not an email address of the form name@example.org")]
    [InlineData("for,key,name,email\nobligation,*,,a@b..example\n", "contacts.csv:2: field 'email': 'a@b..example' is not an email address of the form name@example.org")]
    [InlineData("for,key,name,email\nowner,DCC,,\u0430dmin@dcc.example\n", "contacts.csv:2: field 'email': '\u0430dmin@dcc.example' is not an email address of the form name@example.org")] // a Cyrillic "а"
    [InlineData("for,key,name,email\nowner,DCC,,a@b.example\nowner,DCC,,A@B.example\n", "contacts.csv:3: field 'email': A@B.example is listed for owner DCC already")]
    public void ABadContactsFile_IsRefusedWithItsLineAndField_AndNothingIsSent(string file, string message)
    {
        using var temp = new TempFolder();
        var (db, contacts) = Store(temp, file);
        var (code, output, error) = Cli.Run("remind", "--db", db, "--contacts", contacts, "--as-of", "2018-06-04", "--smtp", "127.0.0.1:9", "--from", "secpanel@secas.example");
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains("secpanel: nothing was sent.", error, StringComparison.Ordinal);
        Assert.Contains(message, error.Replace(temp.Path + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("for,key,name,email\ncommittee,OPSX,,a@b.example\n", new[] { "--smtp", "127.0.0.1:9", "--from", "secpanel@secas.example" }, "contacts.csv:2: field 'key': 'OPSX' is not a committee")]
    [InlineData("for,key,name,email\ncommittee,OPSG,,a@b.example\n", new[] { "--from", "secpanel@secas.example" }, "--remind-contacts: the daily reminders need --smtp and --from")]
    [InlineData("for,key,name,email\ncommittee,OPSG,,a@b.example\n", new[] { "--smtp", "127.0.0.1:9", "--from", "secpanel@secas.example", "--remind-at", "7am" }, "--remind-at: '7am' is not a time of the form HH:MM")]
    public void TheServersDailyReminders_AreCheckedBeforeItServes(string file, string[] options, string message)
    {
        using var temp = new TempFolder();
        var (db, contacts) = Store(temp, file);
        var (code, output, error) = Cli.Run(["serve", "--db", db, "--urls", "http://127.0.0.1:0", "--remind-contacts", contacts, .. options]);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains(message, error.Replace(temp.Path + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--smtp", "127.0.0.1:9" }, "--from: the sender's address is needed to send (--smtp)")]
    [InlineData(new[] { "--days", "0" }, "--days: 0 is not from 1 to 20")]
    [InlineData(new[] { "--as-of", "2018-13-01" }, "--as-of: '2018-13-01' is not a date of the form YYYY-MM-DD")]
    public void ABadOption_IsRefused(string[] options, string message)
    {
        using var temp = new TempFolder();
        var (db, contacts) = Store(temp, "for,key,name,email\nobligation,*,,a@b.example\n");
        var (code, output, error) = Cli.Run(["remind", "--db", db, "--contacts", contacts, .. options]);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains($"secpanel: {message}", error, StringComparison.Ordinal);
    }
}
