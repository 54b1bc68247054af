using System.Text.Json;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace SecPanel.Storage;

/// <summary>A calendar feed of an account: read at a secret address, holding what the account may see (schema 12).</summary>
/// <param name="Id">Its id, the public part of its address.</param>
/// <param name="Account">The account whose access it reads with.</param>
/// <param name="SecretHash">The SHA-256 hash of its secret.</param>
/// <param name="Committee">One committee's feed, or null for all the account may see.</param>
/// <param name="Revoked">True once revoked: its address no longer answers.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record CalendarFeedKey(string Id, string Account, string SecretHash, string? Committee, bool Revoked, Instant CreatedAt);

/// <summary>The accounts' calendar feeds.</summary>
public sealed partial class Store
{
    private const string FeedKind = "calendar-feed";

    private const string FeedColumns = "\"id\", \"account\", \"secret_hash\", \"committee\", \"revoked\", \"created_at\"";

    /// <summary>Stores a new feed of <paramref name="account"/> (the secret's hash only), audited by <paramref name="actor"/>.</summary>
    public CalendarFeedKey AddCalendarFeed(string id, string account, string secretHash, string? committee, string actor)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        if (FindAccount(connection, transaction, account) is null)
        {
            throw new AccountException($"there is no account named '{account}'");
        }

        var now = clock.GetCurrentInstant();
        connection.Execute(
            $"INSERT INTO \"calendar_feeds\" ({FeedColumns}) VALUES (@id, @account, @hash, @committee, 0, @at)",
            new { id, account, hash = secretHash, committee, at = Text(now) },
            transaction);
        Audit(connection, transaction, actor, now, FeedKind, id, "insert", null, JsonSerializer.Serialize(new Dictionary<string, string?> { ["account"] = account, ["committee"] = committee }));
        transaction.Commit();
        return new CalendarFeedKey(id, account, secretHash, committee, false, now);
    }

    /// <summary>The feed whose id is <paramref name="id"/>, or null.</summary>
    public CalendarFeedKey? FindCalendarFeed(string id)
    {
        using var connection = provider.Open();
        return ReadFeeds(connection, "WHERE \"id\" = @id", new { id }).SingleOrDefault();
    }

    /// <summary>The feeds of <paramref name="account"/>, revoked ones included, oldest first.</summary>
    public IReadOnlyList<CalendarFeedKey> CalendarFeedsOf(string account)
    {
        using var connection = provider.Open();
        return ReadFeeds(connection, "WHERE \"account\" = @account ORDER BY \"created_at\", \"id\"", new { account });
    }

    /// <summary>Revokes the feed <paramref name="id"/> of <paramref name="account"/>: its address stops answering at once. False when the account has no such feed not revoked already.</summary>
    public bool RevokeCalendarFeed(string id, string account, string actor)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        if (connection.Execute("UPDATE \"calendar_feeds\" SET \"revoked\" = 1 WHERE \"id\" = @id AND \"account\" = @account AND \"revoked\" = 0", new { id, account }, transaction) == 0)
        {
            return false;
        }

        Audit(connection, transaction, actor, clock.GetCurrentInstant(), FeedKind, id, "update", null, "{\"revoked\":\"true\"}");
        transaction.Commit();
        return true;
    }

    private static List<CalendarFeedKey> ReadFeeds(System.Data.Common.DbConnection connection, string where, object parameters) =>
        [.. connection.Query($"SELECT {FeedColumns} FROM \"calendar_feeds\" {where}", parameters)
            .Select(row => (IDictionary<string, object?>)row)
            .Select(r => new CalendarFeedKey(
                (string)r["id"]!,
                (string)r["account"]!,
                (string)r["secret_hash"]!,
                r["committee"] as string,
                Convert.ToInt64(r["revoked"], System.Globalization.CultureInfo.InvariantCulture) == 1,
                InstantPattern.ExtendedIso.Parse((string)r["created_at"]!).Value))];
}
