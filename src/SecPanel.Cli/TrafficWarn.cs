using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Storage;
using SecPanel.Traffic;

namespace SecPanel.Cli;

/// <summary>
/// <c>secpanel traffic warn</c>: a notice to each Party whose Service Requests at the peak are
/// forecast to reach its allocation, written as an email file (.eml) and, with --smtp, sent to the
/// Party's contact; each recorded in the store with the audit trail, so never written or sent twice.
/// </summary>
internal static class TrafficWarn
{
    /// <summary>Writes and sends the notices of <paramref name="forecast"/>; returns the exit code.</summary>
    public static int Run(Store db, TrafficForecast forecast, TrafficRules rules, Options options, TextWriter stdout, TextWriter stderr, IClock clock)
    {
        IReadOnlyList<PartyContact> contacts = [];
        if (options.Contacts is { } file)
        {
            var read = PartyContacts.Load(file, file);
            if (!read.Succeeded)
            {
                return SecPanelCommand.Fail(stderr, read.Problems);
            }

            contacts = read.Value;
        }

        if (options.Smtp is not null && options.From is null)
        {
            return SecPanelCommand.Fail(stderr, "--smtp: give --from, the address the notices come from");
        }

        if (options.From is { } from && !MailboxAddress.TryParse(from, out _))
        {
            return SecPanelCommand.Fail(stderr, $"--from: '{from}' is not an email address");
        }

        if (Places.ToWriteInto(options.Out, "--out") is { } unusable)
        {
            return SecPanelCommand.Fail(stderr, unusable);
        }

        if (forecast.Users.Count == 0)
        {
            stdout.WriteLine($"No User's Service Requests at the peak reach its allocation within {forecast.HorizonDays} days: no notice.");
            return SecPanelCommand.Ok;
        }

        var (written, sent, kept) = (0, 0, 0);
        var failed = false;
        foreach (var user in forecast.Users)
        {
            var allocation = user.Allocation.Level;
            var old = db.FindTrafficNotice(user.User, allocation);
            var contact = contacts.FirstOrDefault(c => c.User == user.User);
            var canSend = options.Smtp is not null && contact is not null;
            if (old is not null && (old.SentAt is not null || !canSend))
            {
                kept++;
                stdout.WriteLine(old.SentAt is { } at
                    ? $"{user.User}: warned of its allocation of {allocation} a minute already, sent to {old.SentTo} on {Shown(at)}; not again"
                    : $"{user.User}: warned of its allocation of {allocation} a minute already, written to {old.File}; not again");
                continue;
            }

            var message = Message(user, forecast, rules, contact, options.From);
            message.Date = clock.GetCurrentInstant().ToDateTimeOffset();
            var path = Path.Combine(options.Out, $"traffic-notice-{user.User}-{allocation}.eml");
            if (old is null)
            {
                message.WriteTo(path);
                written++;
            }

            Instant? sentAt = null;
            if (canSend)
            {
                try
                {
                    Send(message, options.Smtp!);
                    sentAt = clock.GetCurrentInstant();
                    sent++;
                }
                catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException or System.Net.Sockets.SocketException or AuthenticationException or SslHandshakeException)
                {
                    // Not sent, not recorded as sent: the next run tries again.
                    stderr.WriteLine($"secpanel: {user.User}: the notice was not sent to {contact!.Email}: {e.Message}; it is written to {path}, and the next run will try again");
                    failed = true;
                }
            }

            db.RecordTrafficNotice(new TrafficNotice(user.User, allocation, user.Allocation.Already ? null : user.Allocation.Date, old?.File ?? path, sentAt is null ? null : contact!.Email, sentAt, old?.RecordedAt ?? clock.GetCurrentInstant()), options.Actor);
            stdout.WriteLine(sentAt is null
                ? $"{user.User}: notice written to {path}{(contact is null ? " (no contact for it)" : options.Smtp is null ? " (not sent: no --smtp)" : string.Empty)}"
                : $"{user.User}: notice {(old is null ? $"written to {path} and " : string.Empty)}sent to {contact!.Email}");
        }

        stdout.WriteLine($"{written} written, {sent} sent, {kept} already given.");
        return failed ? SecPanelCommand.UsageOrInputError : SecPanelCommand.Ok;
    }

    /// <summary>The notice as an email: plain text, from the forecast, the same for the same forecast (its date and id aside).</summary>
    private static MimeMessage Message(UserForecast user, TrafficForecast forecast, TrafficRules rules, PartyContact? contact, string? from)
    {
        var message = new MimeMessage();
        message.From.Add(from is null ? new MailboxAddress("SecPanel", "secpanel@localhost") : MailboxAddress.Parse(from));
        if (contact is not null)
        {
            message.To.Add(new MailboxAddress(contact.Name ?? contact.User, contact.Email));
        }

        // The same warning has the same id, wherever it is written or sent from.
        message.MessageId = $"traffic-notice.{new string([.. user.User.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')])}.{user.Allocation.Level}@secpanel";
        message.Subject = TrafficNoticeText.Subject(user);
        message.Body = new TextPart("plain") { Text = TrafficNoticeText.Body(user, forecast, rules, contact?.Name) };
        return message;
    }

    private static void Send(MimeMessage message, string smtp)
    {
        var colon = smtp.LastIndexOf(':');
        var (host, port) = colon > 0 && int.TryParse(smtp[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? (smtp[..colon], p) : (smtp, 25);
        using var client = new SmtpClient { Timeout = 30_000 };
        // STARTTLS when the server offers it; a relay on loopback or inside the network may not.
        client.Connect(host, port, SecureSocketOptions.Auto);
        client.Send(message);
        client.Disconnect(true);
    }

    private static string Shown(Instant at) => at.InUtc().ToString("uuuu-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>What <c>traffic warn</c> was asked.</summary>
    /// <param name="Out">The folder the notices are written into.</param>
    /// <param name="Contacts">The contacts file, or null.</param>
    /// <param name="Smtp">The SMTP server as host[:port], or null not to send.</param>
    /// <param name="From">The sender's address, or null.</param>
    /// <param name="Actor">The name the audit trail records.</param>
    internal sealed record Options(string Out, string? Contacts, string? Smtp, string? From, string Actor);
}
