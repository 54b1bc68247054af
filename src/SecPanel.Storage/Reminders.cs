using Dapper;
using NodaTime;
using NodaTime.Text;

namespace SecPanel.Storage;

/// <summary>What the store knows of one reminder to one recipient (schema 13).</summary>
/// <param name="Reminder">The reminder's key, such as <c>late/pmr/2018-04/2018-06-06</c>.</param>
/// <param name="Recipient">The address it goes to.</param>
/// <param name="MessageId">Its Message-Id, the same at every attempt.</param>
/// <param name="Sent">True once the SMTP server accepted it.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="LastError">Why the last attempt failed, or null.</param>
/// <param name="SentAt">When it was accepted, or null.</param>
public sealed record ReminderRecord(string Reminder, string Recipient, string MessageId, bool Sent, int Attempts, string? LastError, Instant? SentAt);

/// <summary>The reminders sent by email.</summary>
public sealed partial class Store
{
    private const string ReminderColumns = "\"reminder\", \"recipient\", \"message_id\", \"state\", \"attempts\", \"last_error\", \"sent_at\"";

    /// <summary>The record of <paramref name="reminder"/> to <paramref name="recipient"/>, or null when it was never tried.</summary>
    public ReminderRecord? FindReminder(string reminder, string recipient)
    {
        using var connection = provider.Open();
        return ReadReminders(connection, "WHERE \"reminder\" = @reminder AND \"recipient\" = @recipient", new { reminder, recipient }).SingleOrDefault();
    }

    /// <summary>Every reminder record, by reminder and recipient.</summary>
    public IReadOnlyList<ReminderRecord> Reminders()
    {
        using var connection = provider.Open();
        return ReadReminders(connection, "ORDER BY \"reminder\", \"recipient\"", new { });
    }

    /// <summary>Records that <paramref name="reminder"/> is about to be sent to <paramref name="recipient"/> (one attempt more); refused when it was sent already.</summary>
    public void BeginReminder(string reminder, string recipient, string messageId)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        var old = ReadReminders(connection, "WHERE \"reminder\" = @reminder AND \"recipient\" = @recipient", new { reminder, recipient }, transaction).SingleOrDefault();
        if (old is { Sent: true })
        {
            throw new StoreException($"the reminder {reminder} was sent to {recipient} already; a reminder is never sent twice");
        }

        connection.Execute(
            old is null
                ? "INSERT INTO \"reminders\" (\"reminder\", \"recipient\", \"message_id\", \"state\", \"attempts\", \"recorded_at\") VALUES (@reminder, @recipient, @messageId, 'sending', 1, @at)"
                : "UPDATE \"reminders\" SET \"attempts\" = \"attempts\" + 1 WHERE \"reminder\" = @reminder AND \"recipient\" = @recipient",
            new { reminder, recipient, messageId, at = Text(clock.GetCurrentInstant()) },
            transaction);
        transaction.Commit();
    }

    /// <summary>Records that the SMTP server accepted <paramref name="reminder"/> for <paramref name="recipient"/>.</summary>
    public void FinishReminder(string reminder, string recipient)
    {
        using var connection = provider.Open();
        connection.Execute(
            "UPDATE \"reminders\" SET \"state\" = 'sent', \"sent_at\" = @at, \"last_error\" = NULL WHERE \"reminder\" = @reminder AND \"recipient\" = @recipient",
            new { reminder, recipient, at = Text(clock.GetCurrentInstant()) });
    }

    /// <summary>Records why sending <paramref name="reminder"/> to <paramref name="recipient"/> failed; it stays to be sent.</summary>
    public void FailReminder(string reminder, string recipient, string error)
    {
        using var connection = provider.Open();
        connection.Execute("UPDATE \"reminders\" SET \"last_error\" = @error WHERE \"reminder\" = @reminder AND \"recipient\" = @recipient", new { reminder, recipient, error });
    }

    private static List<ReminderRecord> ReadReminders(System.Data.Common.DbConnection connection, string where, object parameters, System.Data.Common.DbTransaction? transaction = null) =>
        [.. connection.Query($"SELECT {ReminderColumns} FROM \"reminders\" {where}", parameters, transaction)
            .Select(row => (IDictionary<string, object?>)row)
            .Select(r => new ReminderRecord(
                (string)r["reminder"]!,
                (string)r["recipient"]!,
                (string)r["message_id"]!,
                (string)r["state"]! == "sent",
                Convert.ToInt32(r["attempts"], System.Globalization.CultureInfo.InvariantCulture),
                r["last_error"] as string,
                r["sent_at"] is string at ? InstantPattern.ExtendedIso.Parse(at).Value : null))];
}
