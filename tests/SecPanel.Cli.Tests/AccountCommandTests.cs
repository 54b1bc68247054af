using SecPanel.Server;
using SecPanel.Storage;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>The server's accounts and tokens from the command line: <c>user</c> and <c>token</c>.</summary>
public sealed class AccountCommandTests
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public void UserAdd_ReadsThePasswordFromStandardInput_AndStoresOnlyItsHash()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "s.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);

        var added = Cli.RunWithInput(Password + "\n", "user", "add", "olu", "--role", "member", "--clearance", "green", "--committee", "OPSG", "--committee", "TAG", "--db", db, "--as", "ada");
        Assert.Equal((0, "added olu (member, cleared to GREEN, OPSG, TAG)\n"), (added.Code, added.Out));

        var store = Store.Open(new StoreLocation(StoreKind.Sqlite, db, db), new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 11, 28, 12, 0)));
        var (account, hash) = store.FindAccount("olu")!.Value;
        Assert.Equal(["OPSG", "TAG"], account.Committees);
        Assert.True(Credentials.VerifyPassword(hash!, Password));
        var files = string.Concat(new[] { db, db + "-wal" }.Where(File.Exists).Select(f => File.ReadAllText(f, System.Text.Encoding.Latin1)));
        Assert.Contains("olu", files, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, files, StringComparison.Ordinal);
        var audit = Assert.Single(store.History("account", "olu"));
        Assert.Equal(("ada", "insert"), (audit.Actor, audit.Action));
        Assert.DoesNotContain(hash!, audit.NewValue!, StringComparison.Ordinal);

        Assert.Equal("olu                      member       GREEN  OPSG,TAG                 active\n", Cli.Run("user", "list", "--db", db).Out);
    }

    [Theory]
    [InlineData("short one\n", new[] { "--role", "admin", "--clearance", "RED" }, "password: a password needs at least 12 characters; nothing was changed")]
    [InlineData("", new[] { "--role", "admin", "--clearance", "RED" }, "no password on standard input")]
    [InlineData(Password + "\n", new[] { "--role", "chair", "--clearance", "RED" }, "--role: unknown role 'chair'; the roles are admin, secretariat, member, dcc")]
    [InlineData(Password + "\n", new[] { "--role", "admin", "--clearance", "PURPLE" }, "--clearance: unknown level 'PURPLE'")]
    [InlineData(Password + "\n", new[] { "--role", "member", "--clearance", "RED" }, "--committee: a member belongs to at least one committee")]
    [InlineData(Password + "\n", new[] { "--role", "member", "--clearance", "RED", "--committee", "OPS" }, "unknown committee 'OPS'; the committees are ")]
    [InlineData(Password + "\n", new[] { "--role", "dcc", "--clearance", "WHITE" }, "the DCC's programs sign in by token")]
    public void UserAdd_RefusesBadInput_SayingWhy_AndAddsNothing(string input, string[] options, string message)
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "s.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        var refused = Cli.RunWithInput(input, ["user", "add", "ada", .. options, "--db", db]);
        Assert.Equal(2, refused.Code);
        Assert.Contains(message, refused.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Cli.Run("user", "list", "--db", db).Out);
    }

    [Fact]
    public void ANameTaken_IsRefused_AndDisableAndResetPassword_ChangeTheAccount()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "s.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        Assert.Equal(0, Cli.RunWithInput(Password, "user", "add", "ada", "--role", "admin", "--clearance", "RED", "--db", db).Code);
        var again = Cli.RunWithInput(Password, "user", "add", "ada", "--role", "member", "--clearance", "RED", "--committee", "SSC", "--db", db);
        Assert.Equal((2, "secpanel: there is already an account named 'ada'\n"), (again.Code, again.Err));

        Assert.Equal((0, "new password for ada; its sessions have ended\n"), Pick(Cli.RunWithInput("another long passphrase", "user", "reset-password", "ada", "--db", db)));
        Assert.Equal((2, "secpanel: there is no account named 'bea'\n"), PickErr(Cli.RunWithInput("another long passphrase", "user", "reset-password", "bea", "--db", db)));
        Assert.Equal(0, Cli.Run("user", "disable", "ada", "--db", db).Code);
        Assert.EndsWith("disabled\n", Cli.Run("user", "list", "--db", db).Out, StringComparison.Ordinal);
        Assert.Equal((2, "secpanel: there is no account named 'bea'\n"), PickErr(Cli.Run("user", "disable", "bea", "--db", db)));
    }

    [Fact]
    public void TokenCreate_PrintsTheTokenOnce_ForAProgramAccountItCreates()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "s.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        var created = Cli.Run("token", "create", "dcc-systems", "--role", "dcc", "--expires", "2027-06-30", "--db", db);
        Assert.Equal(0, created.Code);
        var token = created.Out.Trim();
        Assert.StartsWith(Credentials.TokenPrefix, token, StringComparison.Ordinal);
        Assert.Contains("it is shown only now", created.Err, StringComparison.Ordinal);
        Assert.Equal("dcc-systems              dcc          WHITE  -                        token only\n", Cli.Run("user", "list", "--db", db).Out);

        // A second token for the same program; a past date, a wrong role and a date that is not one are refused.
        Assert.Equal(0, Cli.Run("token", "create", "dcc-systems", "--role", "dcc", "--expires", "2027-01-31", "--db", db).Code);
        Assert.Equal("secpanel: --expires: 2026-11-27 is in the past\n", Cli.Run("token", "create", "dcc-systems", "--role", "dcc", "--expires", "2026-11-27", "--db", db).Err);
        Assert.Equal("secpanel: account 'dcc-systems' has the role dcc, not admin\n", Cli.Run("token", "create", "dcc-systems", "--role", "admin", "--expires", "2027-01-31", "--db", db).Err);
        Assert.StartsWith("secpanel: --expires: '2027-02-30' is not a date", Cli.Run("token", "create", "dcc-systems", "--role", "dcc", "--expires", "2027-02-30", "--db", db).Err, StringComparison.Ordinal);

        var id = Credentials.ParseToken(token)!.Value.Id;
        Assert.Equal($"revoked token {id}\n", Cli.Run("token", "revoke", id, "--db", db).Out);
        Assert.Equal($"secpanel: there is no token '{id}' that is not revoked already\n", Cli.Run("token", "revoke", id, "--db", db).Err);
    }

    private static (int, string) Pick((int Code, string Out, string Err) r) => (r.Code, r.Out);

    private static (int, string) PickErr((int Code, string Out, string Err) r) => (r.Code, r.Err);
}
