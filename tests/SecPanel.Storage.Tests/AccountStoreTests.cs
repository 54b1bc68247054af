using NodaTime;
using SecPanel.Records;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>The server's accounts, tokens, keys and log in the store.</summary>
public sealed class AccountStoreTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnAccountAndTheChangeMark_AreReadInOneQuery_AsEachIsAlone(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.Null(store.FindAccountAndMark("sam"));
        store.AddAccount("sam", Role.Secretariat, Tlp.Red, [], "hash", "tester");
        var found = store.FindAccountAndMark("sam")!.Value;
        Assert.Equal(store.FindAccount("sam")!.Value.Account, found.Account, AccountComparer);
        Assert.Equal(("hash", store.ChangeMark()), (found.PasswordHash, found.ChangeMark));
        Assert.True(found.ChangeMark > 0);

        Assert.True(store.Import(SecPanel.Testing.Repo.Sample, new ImportOptions("tester")).Succeeded);
        Assert.True(store.FindAccountAndMark("sam")!.Value.ChangeMark > found.ChangeMark);
        Assert.Equal(store.ChangeMark(), store.FindAccountAndMark("sam")!.Value.ChangeMark);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnUpload_IsItsAccountsOnly_UntilCommittedDiscardedOrADayOld(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.AddAccount("sam", Role.Secretariat, Tlp.Red, [], "hash", "tester");
        store.AddAccount("dee", Role.Dcc, Tlp.White, [], "hash", "tester");
        ImportText[] files = [new("variance.csv", "upload.zip/variance.csv", "obligation,period,user,sent,forecast\nsr-variance,2026-10,ABC,\"1,2\",\n"), new("deliveries.csv", "d.csv", "é ünïcode")];
        var upload = store.AddUpload("sam", true, files, [new ImportCount("variance-line", 1, 0, 0, 0)]);
        Assert.Matches("^[0-9a-f]{24}$", upload.Id);

        var found = store.FindUpload(upload.Id, "sam")!;
        Assert.Equal(files, found.Files);
        Assert.True(found.AllowUpdates);
        Assert.Equal(upload.Counts, found.Counts);
        Assert.Null(store.FindUpload(upload.Id, "dee"));
        Assert.False(store.DeleteUpload(upload.Id, "dee"));

        var other = store.AddUpload("sam", false, files, []);

        // The account's uploads waiting, newest first, with their counts; none of another account's.
        Assert.Equal([(other.Id, false, 0), (upload.Id, true, 1)], store.PendingUploads("sam").Select(p => (p.Id, p.AllowUpdates, p.Counts.Count)));
        Assert.Empty(store.PendingUploads("dee"));
        Assert.True(store.DeleteUpload(other.Id, "sam"));
        Assert.Null(store.FindUpload(other.Id, "sam"));
        Assert.Equal([upload.Id], store.PendingUploads("sam").Select(p => p.Id));

        // A day later it is gone, and the next upload deletes it from the store.
        fixture.Clock.Advance(Store.UploadsKeptFor);
        Assert.Null(store.FindUpload(upload.Id, "sam"));
        Assert.Empty(store.PendingUploads("sam"));
        store.AddUpload("dee", false, files, []);
        Assert.False(store.DeleteUpload(upload.Id, "sam"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void CopyTo_TheOtherProvider_CarriesTheAccountsTokensKeysAndTheServersLog(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        using var other = new StoreFixture(kind == StoreKind.Sqlite ? StoreKind.Postgres : StoreKind.Sqlite);
        var store = fixture.Init();
        store.AddAccount("ada", Role.Admin, Tlp.Red, [], "hash-of-ada", "tester");
        store.AddAccount("olu", Role.Member, Tlp.Green, ["TAG", "OPSG"], "hash-of-olu", "tester");
        store.AddAccount("dcc-systems", Role.Dcc, Tlp.White, [], null, "tester");
        store.DisableAccount("olu", "ada");
        store.RecordSignIn("ada", false, fixture.Clock.GetCurrentInstant() + Duration.FromMinutes(15));
        store.AddToken("abc123", "dcc-systems", "HASH", new LocalDate(2027, 6, 30), "ada");
        store.AddServerKey("key-1", "<key id=\"1\"/>");
        store.LogServerEvent("ada", "signed in", "127.0.0.1");
        store.LogServerEvent("olu", "sign-in failed", "the account is disabled");

        store.CopyTo(other.Location);
        var copy = Store.Open(other.Location, other.Clock);
        Assert.Equal(store.Accounts(), copy.Accounts(), AccountComparer);
        Assert.Equal(["OPSG", "TAG"], copy.FindAccount("olu")!.Value.Account.Committees);
        Assert.True(copy.FindAccount("olu")!.Value.Account.Disabled);
        Assert.Equal("hash-of-ada", copy.FindAccount("ada")!.Value.PasswordHash);
        Assert.Equal(store.FindToken("abc123"), copy.FindToken("abc123"));
        Assert.Equal(store.ServerKeys(), copy.ServerKeys());
        Assert.Equal(store.ServerLog(10).Select(e => (e.At, e.Actor, e.Event, e.Detail)), copy.ServerLog(10).Select(e => (e.At, e.Actor, e.Event, e.Detail)));
        Assert.Equal(Dump.Of(store), Dump.Of(copy));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnAccountChange_IsAudited_WithoutItsSecrets_AndARefusedOneWritesNothing(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.AddAccount("olu", Role.Member, Tlp.Green, ["OPSG"], "SECRET-HASH", "ada");
        store.SetPassword("olu", "ANOTHER-SECRET-HASH", "ada");
        store.DisableAccount("olu", "ada");
        var history = store.History("account", "olu");
        Assert.Equal(["insert", "update", "update"], history.Select(e => e.Action));
        Assert.All(history, e => Assert.Equal("ada", e.Actor));
        Assert.Contains("\"password_reset\":\"true\"", history[1].NewValue!, StringComparison.Ordinal);
        Assert.Contains("\"disabled\":\"true\"", history[2].NewValue!, StringComparison.Ordinal);
        Assert.All(history, e => Assert.DoesNotContain("SECRET-HASH", (e.OldValue ?? string.Empty) + e.NewValue, StringComparison.Ordinal));

        var trail = store.AuditTrail().Count;
        Assert.Equal("unknown committee 'OPS'; the committees are OPSG, Panel, SMKI PMA, SSC, TABASC, TAG",
            Assert.Throws<AccountException>(() => store.AddAccount("bea", Role.Member, Tlp.Red, ["OPS"], "h", "ada")).Message);
        Assert.Equal("there is already an account named 'olu'", Assert.Throws<AccountException>(() => store.AddAccount("olu", Role.Admin, Tlp.Red, [], "h", "ada")).Message);
        Assert.StartsWith("account name: ", Assert.Throws<AccountException>(() => store.AddAccount("bea\nada", Role.Admin, Tlp.Red, [], "h", "ada")).Message, StringComparison.Ordinal);
        Assert.StartsWith("account name: ", Assert.Throws<AccountException>(() => store.AddAccount("\u0430da", Role.Admin, Tlp.Red, [], "h", "ada")).Message, StringComparison.Ordinal);
        Assert.Equal("account name: 'Cafe\u0301' holds the combining mark U+0301; type each letter as one character (é, not e and an accent)", Assert.Throws<AccountException>(() => store.AddAccount("Cafe\u0301", Role.Admin, Tlp.Red, [], "h", "ada")).Message);
        Assert.Equal("account name: ' bea' starts or ends with a space", Assert.Throws<AccountException>(() => store.AddAccount(" bea", Role.Admin, Tlp.Red, [], "h", "ada")).Message);
        Assert.Equal("there is no account named 'bea'", Assert.Throws<AccountException>(() => store.DisableAccount("bea", "ada")).Message);
        Assert.Equal("there is no account named 'bea'", Assert.Throws<AccountException>(() => store.AddToken("t1", "bea", "h", new LocalDate(2027, 1, 1), "ada")).Message);
        Assert.Single(store.Accounts());
        Assert.Equal(trail, store.AuditTrail().Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TheServersLog_IsAppendOnly(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.LogServerEvent("ada", "signed in", "127.0.0.1");
        foreach (var sql in new[] { "UPDATE \"server_log\" SET \"actor\" = 'someone else'", "DELETE FROM \"server_log\"" })
        {
            Assert.Contains("append-only", Assert.ThrowsAny<System.Data.Common.DbException>(() => Execute(fixture.Location, sql)).Message, StringComparison.Ordinal);
        }

        Assert.Equal("ada", Assert.Single(store.ServerLog(10)).Actor);
    }

    private static void Execute(StoreLocation location, string sql)
    {
        using System.Data.Common.DbConnection connection = location.Kind == StoreKind.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={location.ConnectionString}")
            : new Npgsql.NpgsqlConnection(location.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static readonly IEqualityComparer<Account> AccountComparer = EqualityComparer<Account>.Create(
        (a, b) => a! with { Committees = [] } == b! with { Committees = [] } && a.Committees.SequenceEqual(b.Committees),
        a => a.Name.GetHashCode(StringComparison.Ordinal));
}
