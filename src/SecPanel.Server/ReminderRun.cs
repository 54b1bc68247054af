using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using NodaTime;
using NodaTime.Text;
using SecPanel.Calendar;
using SecPanel.Reminders;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>What a reminder run is asked.</summary>
/// <param name="AsOf">The day of the run.</param>
/// <param name="DaysBefore">How many working days before its due date a report is "due soon".</param>
/// <param name="Contacts">Whom the reminders go to.</param>
/// <param name="Smtp">The SMTP server, <c>host[:port]</c>; null for a dry run.</param>
/// <param name="From">The sender's address.</param>
/// <param name="Backoff">The pause before each retry of a failed send (by the attempt it follows: 1, 2).</param>
public sealed record RemindOptions(LocalDate AsOf, int DaysBefore, IReadOnlyList<ReminderContact> Contacts, string? Smtp, string From, Func<int, TimeSpan>? Backoff = null);

/// <summary>What a run did: each message's line, and the counts.</summary>
public sealed record RemindOutcome(IReadOnlyList<string> Lines, int Sent, int AlreadySent, int WithoutContact, int Failed)
{
    /// <summary>On a dry run, how many messages would have been sent.</summary>
    public int WouldSend { get; init; }
}

/// <summary>
/// A run of reminders (docs/reminders.md): works out what is due on the day from the store
/// (<see cref="ReminderPlan"/>), addresses each reminder to its contacts, and sends each message by
/// SMTP (MailKit), plain text and HTML, once: a message is recorded as being sent before the SMTP
/// server is asked, and as sent when it accepts, so a run repeated sends nothing again, and a run
/// killed between the two sends that one again, with the same Message-Id, which mail programs use
/// to show it once. A failed send is tried three times, then reported and left to the next run.
/// </summary>
public static class ReminderRun
{
    private const int Attempts = 3;

    private const int Page = 500;

    /// <summary>What the reminders of <paramref name="asOf"/> are worked out from, read from <paramref name="store"/>: the reports due in the window, their deliveries, OPSG's coming meetings and the open actions.</summary>
    public static ReminderInputs Inputs(Store store, LocalDate asOf, int daysBefore)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rules = store.Rules();
        var calendar = rules.CalendarFor(Region.EnglandAndWales);
        var until = calendar.NthWorkingDayAfter(asOf, Math.Max(daysBefore, 1));
        var due = rules.Catalogue.DueBetween(calendar, asOf.PlusDays(-ReminderPlan.LookBackDays), until);
        var delivered = store.ReadRecordsIn("delivery", Access.Everything, "period", [.. due.Select(d => d.Period.ToString()).Distinct()])
            .ToDictionary(d => (d.Key[0], d.Key[1]), d => LocalDatePattern.Iso.Parse(d.Fields["delivered"]!).Value);
        var meetings = store.ReadRecordsFrom("meeting", Access.Everything, "meeting_date", Iso(asOf), Page, new Dictionary<string, string> { ["committee"] = CalendarFeed.ReportsCommittee })
            .Where(m => string.CompareOrdinal(m.Key[1], Iso(until)) <= 0 && m.Fields.GetValueOrDefault("previous_meeting_date") is { Length: > 0 })
            .Select(m => new ReportMeeting(m.Key[0], LocalDatePattern.Iso.Parse(m.Key[1]).Value, LocalDatePattern.Iso.Parse(m.Fields["previous_meeting_date"]!).Value))
            .ToList();
        var actions = new List<ActionDue>();
        for (var offset = 0; ; offset += Page)
        {
            var page = store.ReadRecords("action", Access.Everything, new Dictionary<string, string> { ["status"] = "open" }, offset, Page);
            foreach (var a in page.Records)
            {
                var (day, month) = CalendarFeed.Due(a.Fields["due"]!);
                actions.Add(new ActionDue(a.Key[0], LocalDatePattern.Iso.Parse(a.Key[1]).Value, a.Key[2], a.Fields["title"] ?? string.Empty, a.Fields["text"] ?? string.Empty, a.Fields["owner"] ?? string.Empty, day, month, a.Level));
            }

            if (page.Records.Count < Page)
            {
                break;
            }
        }

        return new ReminderInputs(asOf, daysBefore, calendar, due, delivered, meetings, actions);
    }

    /// <summary>Runs the reminders of <paramref name="options"/> against <paramref name="store"/>.</summary>
    public static RemindOutcome Run(Store store, RemindOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var reminders = ReminderPlan.Of(Inputs(store, options.AsOf, options.DaysBefore));
        var lines = new List<string>();
        int sent = 0, already = 0, without = 0, failed = 0, would = 0;
        using var smtp = new Connection(options.Smtp);
        foreach (var reminder in reminders)
        {
            var to = options.Contacts.Where(c => c.For == reminder.For && (c.Key == reminder.To || (c.For == ContactFor.Obligation && c.Key == "*")))
                .DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase).ToList();
            if (to.Count == 0)
            {
                without++;
                lines.Add($"{reminder.Key}: no contact for {reminder.For.ToString().ToLowerInvariant()} {reminder.To}; not sent");
                continue;
            }

            foreach (var contact in to)
            {
                var record = store.FindReminder(reminder.Key, contact.Email);
                if (record is { Sent: true })
                {
                    already++;
                    continue;
                }

                if (options.Smtp is null)
                {
                    lines.Add($"{reminder.Key}: would be sent to {contact.Email} (a dry run: no --smtp)");
                    would++;
                    continue;
                }

                var message = Message(reminder, contact, options);
                store.BeginReminder(reminder.Key, contact.Email, message.MessageId!);
                if (smtp.Send(message, options.Backoff) is { } error)
                {
                    store.FailReminder(reminder.Key, contact.Email, error);
                    failed++;
                    lines.Add($"{reminder.Key}: NOT sent to {contact.Email} after {Attempts} attempts: {error}; the next run tries again");
                    continue;
                }

                store.FinishReminder(reminder.Key, contact.Email);
                sent++;
                lines.Add($"{reminder.Key}: sent to {contact.Email}{(record is null ? string.Empty : $" (attempt {record.Attempts + 1})")}");
            }
        }

        return new RemindOutcome(lines, sent, already, without, failed) { WouldSend = would };
    }

    /// <summary>The message of <paramref name="reminder"/> to <paramref name="contact"/>: plain text and HTML, its Message-Id the reminder's and the address's.</summary>
    public static MimeMessage Message(Reminder reminder, ReminderContact contact, RemindOptions options)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(options);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(contact.Name ?? string.Empty, contact.Email));
        message.Subject = reminder.Subject;
        message.MessageId = $"{Safe(reminder.Key)}.{Safe(contact.Email)}@secpanel";
        var why = $"You receive this from SecPanel as a contact for the {Why(contact)}, as of {options.AsOf.ToString("d MMMM uuuu", System.Globalization.CultureInfo.InvariantCulture)}.";
        message.Body = new BodyBuilder
        {
            TextBody = reminder.Text + "\n\n-- \n" + why + "\n",
            HtmlBody = $"<!DOCTYPE html><html><body>{reminder.Html}<hr><p><small>{System.Net.WebUtility.HtmlEncode(why)}</small></p></body></html>",
        }.ToMessageBody();
        return message;
    }

    private static string Why(ReminderContact contact) => contact.For switch
    {
        ContactFor.Obligation => contact.Key == "*" ? "DCC's reports" : $"DCC's {contact.Key} reports",
        ContactFor.Committee => $"{contact.Key} meetings",
        _ => $"actions owned by {contact.Key}",
    };

    private static string Safe(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '.')]);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>One SMTP connection for a run, made when first needed and made again after a failure.</summary>
    private sealed class Connection(string? server) : IDisposable
    {
        private SmtpClient? client;

        /// <summary>Sends <paramref name="message"/>, trying <see cref="Attempts"/> times; null when the server accepted it, else why not.</summary>
        public string? Send(MimeMessage message, Func<int, TimeSpan>? backoff)
        {
            string? error = null;
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    client ??= Connect();
                    client.Send(message);
                    return null;
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException or TimeoutException)
                {
                    error = e.Message;
                    Drop();
                    if (attempt < Attempts)
                    {
                        Thread.Sleep((backoff ?? (n => TimeSpan.FromSeconds(n * 2)))(attempt));
                    }
                }
            }

            return error;
        }

        public void Dispose()
        {
            if (client is { IsConnected: true })
            {
                try
                {
                    client.Disconnect(true);
                }
                catch (Exception e) when (e is IOException or SmtpProtocolException)
                {
                    // The messages were accepted; a failed goodbye loses nothing.
                }
            }

            client?.Dispose();
        }

        private SmtpClient Connect()
        {
            var colon = server!.LastIndexOf(':');
            var (host, port) = colon > 0 && int.TryParse(server[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? (server[..colon], p) : (server, 25);
            var made = new SmtpClient { Timeout = 30_000 };
            try
            {
                // STARTTLS when the server offers it; a relay on loopback or inside the network may not.
                made.Connect(host, port, SecureSocketOptions.Auto);
                return made;
            }
            catch
            {
                made.Dispose();
                throw;
            }
        }

        private void Drop()
        {
            client?.Dispose();
            client = null;
        }
    }
}
