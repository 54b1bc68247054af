using System.Data.Common;
using System.Text.Json;
using Dapper;
using NodaTime;
using NodaTime.Text;
using SecPanel.Problems;
using SecPanel.Records;

namespace SecPanel.Storage;

/// <summary>What an account may do on the server (docs/access.md has the whole matrix).</summary>
public enum Role
{
    /// <summary>Everything, accounts and rule data included.</summary>
    Admin,

    /// <summary>The Code Administrator's analysts: every committee's records up to the account's clearance; imports, records, papers.</summary>
    Secretariat,

    /// <summary>A member of one or more committees: those committees' records up to the clearance, and the papers; no writes.</summary>
    Member,

    /// <summary>The DCC: the obligation calendar, its deliveries and their assessment; submits deliveries and figures.</summary>
    Dcc,
}

/// <summary>Names of <see cref="Role"/>s as the command line and the store write them.</summary>
public static class Roles
{
    /// <summary>The role's name: <c>admin</c>, <c>secretariat</c>, <c>member</c>, <c>dcc</c>.</summary>
    public static string Key(this Role role) => role.ToString().ToLowerInvariant();

    /// <summary>Reads a role's name, exactly as <see cref="Key"/> writes it.</summary>
    public static bool TryParse(string text, out Role role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (candidate.Key() == text)
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>The role names, for messages.</summary>
    public static string KeyList => string.Join(", ", Enum.GetValues<Role>().Select(r => r.Key()));
}

/// <summary>
/// An account of the server. <paramref name="Committees"/> are the committees a member belongs to
/// (the others' records do not exist for it); <paramref name="Stamp"/> changes when the account's
/// sessions must end.
/// </summary>
public sealed record Account(
    string Name, Role Role, Tlp Clearance, IReadOnlyList<string> Committees, bool Disabled, bool HasPassword,
    int FailedSignIns, Instant? LockedUntil, string Stamp, Instant CreatedAt, long Version)
{
    /// <summary>True when the account is locked out at <paramref name="now"/> after repeated failed sign-ins.</summary>
    public bool IsLockedAt(Instant now) => LockedUntil is { } until && until > now;
}

/// <summary>A program's token as stored: the secret only as its hash.</summary>
public sealed record ApiToken(string Id, string Account, string SecretHash, LocalDate Expires, bool Revoked, Instant CreatedAt);

/// <summary>One entry of the server's log: a sign-in, a lockout, a refused or hidden request.</summary>
public sealed record ServerLogEntry(long Id, Instant At, string Actor, string Event, string Detail);

/// <summary>An account change that cannot be made, with the reason in words.</summary>
public sealed class AccountException(string message) : Exception(message);

/// <summary>The accounts of <c>secpanel serve</c>, their tokens and the server's log, in the same store as the records.</summary>
public sealed partial class Store
{
    private const string AccountKind = "account";

    private const string AccountColumns = "\"name\", \"role\", \"clearance\", \"committees\", \"password_hash\", \"disabled\", \"failed_sign_ins\", \"locked_until\", \"stamp\", \"created_at\", \"row_version\"";

    /// <summary>
    /// Adds an account. <paramref name="passwordHash"/> is null for a program's account, which signs
    /// in only by token. Refused, with nothing written, when the name is taken or not one a log can
    /// record, or a committee is not one of the store's.
    /// </summary>
    public Account AddAccount(string name, Role role, Tlp clearance, IReadOnlyList<string> committees, string? passwordHash, string actor)
    {
        if (AuditActor.Problem(name) is { } wrongName)
        {
            throw new AccountException($"account name: {wrongName}");
        }

        if (name != name.Trim())
        {
            throw new AccountException($"account name: '{name}' starts or ends with a space");
        }

        // A name that looks like another (a Cyrillic а in "ada") would be an account nobody can tell from the other.
        if (LookAlikes.MixedScripts(name) is { } mixed)
        {
            throw new AccountException($"account name: {mixed}");
        }

        // A combining mark makes "é" of two characters, a name that differs from the same name typed
        // with "é" as one. (Unicode normalisation is not available here: SecPanel runs with
        // invariant globalisation, in which .NET leaves non-ASCII text as it is.)
        if (name.FirstOrDefault(c => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark) is var mark and not '\0')
        {
            throw new AccountException($"account name: '{name}' holds the combining mark U+{(int)mark:X4}; type each letter as one character (é, not e and an accent)");
        }

        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        var known = connection.Query<string>("SELECT \"key\" FROM \"committees\"", transaction: transaction).ToHashSet(StringComparer.Ordinal);
        var unknown = committees.FirstOrDefault(c => !known.Contains(c));
        if (unknown is not null)
        {
            throw new AccountException($"unknown committee '{unknown}'; the committees are {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }

        if (FindAccount(connection, transaction, name) is not null)
        {
            throw new AccountException($"there is already an account named '{name}'");
        }

        var now = clock.GetCurrentInstant();
        var account = new Account(name, role, clearance, [.. committees.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], false, passwordHash is not null, 0, null, NewStamp(), now, 1);
        connection.Execute(
            $"INSERT INTO \"accounts\" ({AccountColumns}) VALUES (@name, @role, @clearance, @committees, @hash, 0, 0, NULL, @stamp, @at, 1)",
            new { name, role = role.Key(), clearance = clearance.Key(), committees = string.Join(",", account.Committees), hash = passwordHash, stamp = account.Stamp, at = Text(now) },
            transaction);
        AuditAccount(connection, transaction, actor, now, "insert", null, account);
        transaction.Commit();
        return account;
    }

    /// <summary>Every account, by name.</summary>
    public IReadOnlyList<Account> Accounts()
    {
        using var connection = provider.Open();
        return [.. connection.Query($"SELECT {AccountColumns} FROM \"accounts\"").Select(r => ToAccount((IDictionary<string, object?>)r).Account)
            .OrderBy(a => a.Name, StringComparer.Ordinal)];
    }

    /// <summary>The account named <paramref name="name"/> with its password hash (null for a program's), or null when there is none.</summary>
    public (Account Account, string? PasswordHash)? FindAccount(string name)
    {
        using var connection = provider.Open();
        return FindAccount(connection, null, name);
    }

    /// <summary>
    /// The account named <paramref name="name"/>, as <see cref="FindAccount(string)"/> reads it, and the
    /// store's <see cref="ChangeMark"/> at the same moment, in one query: a server checks a session
    /// and learns whether what it keeps is still current in one round trip.
    /// </summary>
    public (Account Account, string? PasswordHash, long ChangeMark)? FindAccountAndMark(string name)
    {
        using var connection = provider.Open();
        var row = connection.QuerySingleOrDefault($"SELECT {AccountColumns}, (SELECT MAX(\"id\") FROM \"audit_log\") AS \"change_mark\" FROM \"accounts\" WHERE \"name\" = @name", new { name });
        if (row is null)
        {
            return null;
        }

        var fields = (IDictionary<string, object?>)row;
        var (account, hash) = ToAccount(fields);
        return (account, hash, fields["change_mark"] is { } mark ? Convert.ToInt64(mark, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>Sets a new password hash; every session of the account ends and a lockout is lifted.</summary>
    public Account SetPassword(string name, string passwordHash, string actor) =>
        ChangeAccount(name, actor, "password_hash = @hash, \"failed_sign_ins\" = 0, \"locked_until\" = NULL", new { hash = passwordHash }, a => a with { HasPassword = true, FailedSignIns = 0, LockedUntil = null });

    /// <summary>Disables the account: it can no longer sign in, its sessions and tokens stop working.</summary>
    public Account DisableAccount(string name, string actor) =>
        ChangeAccount(name, actor, "\"disabled\" = 1", new { }, a => a with { Disabled = true });

    /// <summary>
    /// Records a sign-in attempt: a success clears the failures; a failure counts one more, and
    /// locks the account until <paramref name="lockUntil"/> when that is given. Not audited as a
    /// change of the record (the server's log has every attempt).
    /// </summary>
    public void RecordSignIn(string name, bool succeeded, Instant? lockUntil)
    {
        using var connection = provider.Open();
        connection.Execute(
            succeeded
                ? "UPDATE \"accounts\" SET \"failed_sign_ins\" = 0, \"locked_until\" = NULL WHERE \"name\" = @name"
                : "UPDATE \"accounts\" SET \"failed_sign_ins\" = \"failed_sign_ins\" + 1, \"locked_until\" = COALESCE(@until, \"locked_until\") WHERE \"name\" = @name",
            new { name, until = lockUntil is { } u ? Text(u) : null });
    }

    /// <summary>Stores a token of <paramref name="account"/> (a program's account of role dcc, or any account).</summary>
    public void AddToken(string id, string account, string secretHash, LocalDate expires, string actor)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        if (FindAccount(connection, transaction, account) is null)
        {
            throw new AccountException($"there is no account named '{account}'");
        }

        var now = clock.GetCurrentInstant();
        connection.Execute(
            "INSERT INTO \"api_tokens\" (\"id\", \"account\", \"secret_hash\", \"expires\", \"revoked\", \"created_at\") VALUES (@id, @account, @hash, @expires, 0, @at)",
            new { id, account, hash = secretHash, expires = LocalDatePattern.Iso.Format(expires), at = Text(now) },
            transaction);
        Audit(connection, transaction, actor, now, "token", id, "insert", null, JsonSerializer.Serialize(new Dictionary<string, string> { ["account"] = account, ["expires"] = LocalDatePattern.Iso.Format(expires) }));
        transaction.Commit();
    }

    /// <summary>The token whose id is <paramref name="id"/>, or null.</summary>
    public ApiToken? FindToken(string id)
    {
        using var connection = provider.Open();
        var row = connection.QuerySingleOrDefault("SELECT \"id\", \"account\", \"secret_hash\", \"expires\", \"revoked\", \"created_at\" FROM \"api_tokens\" WHERE \"id\" = @id", new { id });
        if (row is null)
        {
            return null;
        }

        var r = (IDictionary<string, object?>)row;
        return new ApiToken((string)r["id"]!, (string)r["account"]!, (string)r["secret_hash"]!, LocalDatePattern.Iso.Parse((string)r["expires"]!).Value,
            Convert.ToInt64(r["revoked"], System.Globalization.CultureInfo.InvariantCulture) == 1, InstantPattern.ExtendedIso.Parse((string)r["created_at"]!).Value);
    }

    /// <summary>Revokes a token: it stops working at once.</summary>
    public void RevokeToken(string id, string actor)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        if (connection.Execute("UPDATE \"api_tokens\" SET \"revoked\" = 1 WHERE \"id\" = @id AND \"revoked\" = 0", new { id }, transaction) == 0)
        {
            throw new AccountException($"there is no token '{id}' that is not revoked already");
        }

        Audit(connection, transaction, actor, clock.GetCurrentInstant(), "token", id, "update", null, "{\"revoked\":\"true\"}");
        transaction.Commit();
    }

    /// <summary>Appends to the server's log (append-only, like the audit trail).</summary>
    public void LogServerEvent(string actor, string @event, string detail)
    {
        using var connection = provider.Open();
        connection.Execute(
            "INSERT INTO \"server_log\" (\"at\", \"actor\", \"event\", \"detail\") VALUES (@at, @actor, @event, @detail)",
            new { at = Text(clock.GetCurrentInstant()), actor, @event, detail });
    }

    /// <summary>The server's log, newest first, at most <paramref name="limit"/> entries before the entry <paramref name="before"/> (all when null).</summary>
    public IReadOnlyList<ServerLogEntry> ServerLog(int limit, long? before = null)
    {
        using var connection = provider.Open();
        return [.. connection.Query(
                "SELECT \"id\", \"at\", \"actor\", \"event\", \"detail\" FROM \"server_log\" WHERE @before IS NULL OR \"id\" < @before ORDER BY \"id\" DESC LIMIT @limit",
                new { before, limit })
            .Select(r => (IDictionary<string, object?>)r)
            .Select(r => new ServerLogEntry(Convert.ToInt64(r["id"], System.Globalization.CultureInfo.InvariantCulture), InstantPattern.ExtendedIso.Parse((string)r["at"]!).Value, (string)r["actor"]!, (string)r["event"]!, (string)r["detail"]!))];
    }

    /// <summary>The server's data-protection keys (XML elements as ASP.NET Core writes them), by name.</summary>
    public IReadOnlyList<(string Name, string Xml)> ServerKeys()
    {
        using var connection = provider.Open();
        return [.. connection.Query<(string, string)>("SELECT \"name\", \"xml\" FROM \"server_keys\" ORDER BY \"name\"")];
    }

    /// <summary>Keeps a new data-protection key of the server.</summary>
    public void AddServerKey(string name, string xml)
    {
        using var connection = provider.Open();
        connection.Execute("INSERT INTO \"server_keys\" (\"name\", \"xml\") VALUES (@name, @xml)", new { name, xml });
    }

    private Account ChangeAccount(string name, string actor, string set, object parameters, Func<Account, Account> change)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        if (FindAccount(connection, transaction, name) is not { } found)
        {
            throw new AccountException($"there is no account named '{name}'");
        }

        var old = found.Account;
        var updated = change(old) with { Stamp = NewStamp(), Version = old.Version + 1 };
        var arguments = new DynamicParameters(parameters);
        arguments.Add("name", name);
        arguments.Add("stamp", updated.Stamp);
        connection.Execute($"UPDATE \"accounts\" SET {set}, \"stamp\" = @stamp, \"row_version\" = \"row_version\" + 1 WHERE \"name\" = @name", arguments, transaction);
        AuditAccount(connection, transaction, actor, clock.GetCurrentInstant(), "update", old, updated);
        transaction.Commit();
        return updated;
    }

    private static (Account Account, string? PasswordHash)? FindAccount(DbConnection connection, DbTransaction? transaction, string name)
    {
        var row = connection.QuerySingleOrDefault($"SELECT {AccountColumns} FROM \"accounts\" WHERE \"name\" = @name", new { name }, transaction);
        return row is null ? null : ToAccount((IDictionary<string, object?>)row);
    }

    private static (Account Account, string? PasswordHash) ToAccount(IDictionary<string, object?> r)
    {
        // The schema's checks allow only the names these read.
        if (!Roles.TryParse((string)r["role"]!, out var role) || !Tlps.TryParse((string)r["clearance"]!, out var clearance))
        {
            throw new StoreException($"account {r["name"]}: role '{r["role"]}' or clearance '{r["clearance"]}' is not one SecPanel knows");
        }

        var committees = (string)r["committees"]!;
        var hash = r["password_hash"] as string;
        var locked = r["locked_until"] as string;
        long Number(string column) => Convert.ToInt64(r[column], System.Globalization.CultureInfo.InvariantCulture);
        return (new Account(
            (string)r["name"]!, role, clearance, committees.Length == 0 ? [] : committees.Split(','), Number("disabled") == 1, hash is not null,
            (int)Number("failed_sign_ins"), locked is null ? null : InstantPattern.ExtendedIso.Parse(locked).Value, (string)r["stamp"]!,
            InstantPattern.ExtendedIso.Parse((string)r["created_at"]!).Value, Number("row_version")), hash);
    }

    /// <summary>An account's change in the audit trail: what people can see of it, never its password hash or stamp.</summary>
    private void AuditAccount(DbConnection connection, DbTransaction transaction, string actor, Instant at, string action, Account? old, Account updated)
    {
        static string? Fields(Account? a) => a is null ? null : JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["name"] = a.Name,
            ["role"] = a.Role.Key(),
            ["clearance"] = a.Clearance.Key(),
            ["committees"] = string.Join(",", a.Committees),
            ["disabled"] = a.Disabled ? "true" : "false",
            ["password"] = a.HasPassword ? "set" : "none",
        });

        // A password reset changes nothing people see but the fact: say so.
        var newValue = Fields(updated);
        if (old is not null && Fields(old) == newValue)
        {
            newValue = newValue![..^1] + ",\"password_reset\":\"true\"}";
        }

        Audit(connection, transaction, actor, at, AccountKind, updated.Name, action, Fields(old), newValue);
    }

    private void Audit(DbConnection connection, DbTransaction transaction, string actor, Instant at, string kind, string key, string action, string? old, string? @new) =>
        connection.Execute(
            "INSERT INTO \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\") VALUES (@at, @actor, @kind, @key, @action, @old, @new)",
            new { at = provider.BindInstant(at), actor, kind, key, action, old, @new },
            transaction);

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static string Text(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
