using System.Text.Json;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace SecPanel.Storage;

/// <summary>
/// A traffic management notice to a Party: that its Service Requests at the system's peak are
/// forecast to reach its allocation. One per User and allocation: the same warning is never written
/// or sent twice.
/// </summary>
/// <param name="User">The User warned.</param>
/// <param name="AllocationPerMinute">The allocation it is warned of reaching.</param>
/// <param name="Reaches">The day it was forecast to reach it; null when it had already.</param>
/// <param name="File">The file the notice was written to, as the command was given it.</param>
/// <param name="SentTo">The address it was sent to by email, or null when it was not sent.</param>
/// <param name="SentAt">When the SMTP server accepted it, or null.</param>
/// <param name="RecordedAt">When it was first recorded.</param>
public sealed record TrafficNotice(string User, long AllocationPerMinute, LocalDate? Reaches, string File, string? SentTo, Instant? SentAt, Instant RecordedAt);

/// <summary>The traffic management notices (schema 10).</summary>
public sealed partial class Store
{
    private const string NoticeKind = "traffic-notice";

    /// <summary>Every notice, by User and allocation.</summary>
    public IReadOnlyList<TrafficNotice> TrafficNotices()
    {
        using var connection = provider.Open();
        return [.. ReadNotices(connection, null, null, null)];
    }

    /// <summary>The notice of <paramref name="user"/> for <paramref name="allocationPerMinute"/>, or null.</summary>
    public TrafficNotice? FindTrafficNotice(string user, long allocationPerMinute)
    {
        using var connection = provider.Open();
        return ReadNotices(connection, null, user, allocationPerMinute).SingleOrDefault();
    }

    /// <summary>
    /// Records <paramref name="notice"/>, with an audit entry by <paramref name="actor"/>: a new
    /// notice is inserted; one already recorded may only gain its sending (an address and a time it
    /// lacked), which is an update. Anything else is refused: a notice is never replaced.
    /// </summary>
    public void RecordTrafficNotice(TrafficNotice notice, string actor)
    {
        ArgumentNullException.ThrowIfNull(notice);
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        var key = $"{notice.User}/{notice.AllocationPerMinute}";
        var old = ReadNotices(connection, transaction, notice.User, notice.AllocationPerMinute).SingleOrDefault();
        if (old is null)
        {
            connection.Execute(
                "INSERT INTO \"traffic_notices\" (\"user\", \"allocation_per_minute\", \"reaches\", \"file\", \"sent_to\", \"sent_at\", \"recorded_at\") VALUES (@user, @allocation, @reaches, @file, @sentTo, @sentAt, @recordedAt)",
                new { user = notice.User, allocation = notice.AllocationPerMinute, reaches = Date(notice.Reaches), file = notice.File, sentTo = notice.SentTo, sentAt = When(notice.SentAt), recordedAt = When(notice.RecordedAt) },
                transaction);
            AuditNotice(connection, transaction, actor, key, "insert", null, notice);
        }
        else if (old.SentAt is null && notice.SentAt is not null && notice.SentTo is not null)
        {
            connection.Execute(
                "UPDATE \"traffic_notices\" SET \"sent_to\" = @sentTo, \"sent_at\" = @sentAt, \"file\" = @file WHERE \"user\" = @user AND \"allocation_per_minute\" = @allocation",
                new { user = notice.User, allocation = notice.AllocationPerMinute, file = notice.File, sentTo = notice.SentTo, sentAt = When(notice.SentAt) },
                transaction);
            AuditNotice(connection, transaction, actor, key, "update", old, notice with { RecordedAt = old.RecordedAt, Reaches = old.Reaches });
        }
        else
        {
            throw new StoreException($"the traffic notice {key} is recorded already{(old.SentAt is { } sent ? $" and was sent on {InstantPattern.ExtendedIso.Format(sent)}" : string.Empty)}; a notice is never written or sent twice");
        }

        transaction.Commit();
    }

    private void AuditNotice(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string actor, string key, string action, TrafficNotice? old, TrafficNotice notice) =>
        connection.Execute(
            "INSERT INTO \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\") VALUES (@at, @actor, @kind, @key, @action, @old, @new)",
            new { at = provider.BindInstant(clock.GetCurrentInstant()), actor, kind = NoticeKind, key, action, old = old is null ? null : NoticeText(old), @new = NoticeText(notice) },
            transaction);

    private static string NoticeText(TrafficNotice notice) => JsonSerializer.Serialize(new Dictionary<string, string?>
    {
        ["reaches"] = Date(notice.Reaches),
        ["file"] = notice.File,
        ["sent_to"] = notice.SentTo,
        ["sent_at"] = When(notice.SentAt),
    });

    private static IEnumerable<TrafficNotice> ReadNotices(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string? user, long? allocation) =>
        connection.Query<(string User, long Allocation, string? Reaches, string File, string? SentTo, string? SentAt, string RecordedAt)>(
            "SELECT \"user\", \"allocation_per_minute\", \"reaches\", \"file\", \"sent_to\", \"sent_at\", \"recorded_at\" FROM \"traffic_notices\""
            + (user is null ? string.Empty : " WHERE \"user\" = @user AND \"allocation_per_minute\" = @allocation")
            + " ORDER BY \"user\", \"allocation_per_minute\"",
            new { user, allocation },
            transaction)
        .Select(r => new TrafficNotice(
            r.User,
            r.Allocation,
            r.Reaches is null ? null : LocalDatePattern.Iso.Parse(r.Reaches).Value,
            r.File,
            r.SentTo,
            r.SentAt is null ? null : InstantPattern.ExtendedIso.Parse(r.SentAt).Value,
            InstantPattern.ExtendedIso.Parse(r.RecordedAt).Value));

    private static string? Date(LocalDate? date) => date is { } d ? LocalDatePattern.Iso.Format(d) : null;

    private static string? When(Instant? at) => at is { } a ? InstantPattern.ExtendedIso.Format(a) : null;
}
