using System.Text.Json;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace SecPanel.Storage;

/// <summary>
/// An upload through the server that was validated and waits to be committed: its files, whether
/// it may replace stored records, and what it would write when it was validated.
/// </summary>
public sealed record PendingUpload(string Id, string Account, Instant CreatedAt, bool AllowUpdates, IReadOnlyList<ImportText> Files, IReadOnlyList<ImportCount> Counts);

/// <summary>Uploads waiting to be committed (schema 8).</summary>
/// <summary>An upload waiting to be committed, without its files: when it was checked, whether it replaces stored records, and what it would change.</summary>
public sealed record PendingUploadSummary(string Id, Instant CreatedAt, bool AllowUpdates, IReadOnlyList<ImportCount> Counts);

public sealed partial class Store
{
    /// <summary>How long an upload waits to be committed before it is deleted.</summary>
    public static Duration UploadsKeptFor { get; } = Duration.FromDays(1);

    /// <summary>Keeps a validated upload under a new id, and deletes the uploads left longer than <see cref="UploadsKeptFor"/>.</summary>
    public PendingUpload AddUpload(string account, bool allowUpdates, IReadOnlyList<ImportText> files, IReadOnlyList<ImportCount> counts)
    {
        var now = clock.GetCurrentInstant();
        var upload = new PendingUpload(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)), account, now, allowUpdates, files, counts);
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);

        // ISO instants in UTC sort as text, so the old ones are found by comparing text.
        connection.Execute("DELETE FROM \"uploads\" WHERE \"created_at\" < @before", new { before = InstantPattern.ExtendedIso.Format(now - UploadsKeptFor) }, transaction);
        connection.Execute(
            "INSERT INTO \"uploads\" (\"id\", \"account\", \"created_at\", \"allow_updates\", \"files\", \"counts\") VALUES (@id, @account, @at, @updates, @files, @counts)",
            new
            {
                id = upload.Id,
                account,
                at = InstantPattern.ExtendedIso.Format(now),
                updates = allowUpdates ? 1 : 0,
                files = JsonSerializer.Serialize(files),
                counts = JsonSerializer.Serialize(counts),
            },
            transaction);
        transaction.Commit();
        return upload;
    }

    /// <summary>The upload <paramref name="id"/> of <paramref name="account"/>, or null when there is none (another account's is none too).</summary>
    public PendingUpload? FindUpload(string id, string account)
    {
        using var connection = provider.Open();
        var row = connection.QuerySingleOrDefault<(string Id, string Account, string At, long Updates, string Files, string Counts)?>(
            "SELECT \"id\", \"account\", \"created_at\", \"allow_updates\", \"files\", \"counts\" FROM \"uploads\" WHERE \"id\" = @id AND \"account\" = @account",
            new { id, account });
        if (row is not { } found || InstantPattern.ExtendedIso.Parse(found.At).Value + UploadsKeptFor < clock.GetCurrentInstant())
        {
            return null;
        }

        return new PendingUpload(found.Id, found.Account, InstantPattern.ExtendedIso.Parse(found.At).Value, found.Updates == 1,
            JsonSerializer.Deserialize<List<ImportText>>(found.Files)!, JsonSerializer.Deserialize<List<ImportCount>>(found.Counts)!);
    }

    /// <summary>
    /// The uploads of <paramref name="account"/> waiting to be committed, newest first, without
    /// their files' text (which can be large): what a page lists to come back to.
    /// </summary>
    public IReadOnlyList<PendingUploadSummary> PendingUploads(string account)
    {
        using var connection = provider.Open();
        var since = InstantPattern.ExtendedIso.Format(clock.GetCurrentInstant() - UploadsKeptFor);
        return [.. connection.Query<(string Id, string At, long Updates, string Counts)>(
                "SELECT \"id\", \"created_at\", \"allow_updates\", \"counts\" FROM \"uploads\" WHERE \"account\" = @account AND \"created_at\" >= @since ORDER BY \"created_at\" DESC, \"id\"",
                new { account, since })
            .Select(r => new PendingUploadSummary(r.Id, InstantPattern.ExtendedIso.Parse(r.At).Value, r.Updates == 1, JsonSerializer.Deserialize<List<ImportCount>>(r.Counts)!))];
    }

    /// <summary>Deletes the upload <paramref name="id"/> of <paramref name="account"/>; false when there was none.</summary>
    public bool DeleteUpload(string id, string account)
    {
        using var connection = provider.Open();
        return connection.Execute("DELETE FROM \"uploads\" WHERE \"id\" = @id AND \"account\" = @account", new { id, account }) > 0;
    }
}
