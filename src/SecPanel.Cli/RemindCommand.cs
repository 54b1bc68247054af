using System.CommandLine;
using SecPanel.Reminders;
using SecPanel.Server;
using SecPanel.Traffic;

namespace SecPanel.Cli;

/// <summary><c>secpanel remind</c>: the day's reminders and notices by email, each sent once (docs/reminders.md).</summary>
internal static class RemindCommand
{
    /// <summary>How many working days before its due date a report is "due soon" by default.</summary>
    public const int DefaultDays = 5;

    public static Command Create(StoreCommands store, TextWriter stdout, TextWriter stderr)
    {
        var asOf = new Option<string?>("--as-of") { Description = "The day of the run, YYYY-MM-DD. Default: today in London." };
        var contacts = new Option<string>("--contacts") { Description = "The CSV file of addresses: for,key,name,email (for: obligation, committee or owner).", Required = true };
        var smtp = new Option<string?>("--smtp") { Description = "The SMTP server, HOST[:PORT] (port 25 by default). Without it, a dry run: what would be sent is listed and nothing is sent or recorded." };
        var from = new Option<string?>("--from") { Description = "The sender's address (required with --smtp)." };
        var days = new Option<int>("--days") { Description = $"How many working days before its due date a report is due soon, from 1 to 20. Default: {DefaultDays}.", DefaultValueFactory = _ => DefaultDays };
        var remind = new Command("remind", "Send the day's reminders by email, each once: reports due soon, due today and late to the obligations' contacts, reports outstanding at a coming OPSG meeting to the committee's, overdue actions to their owners'.") { asOf, contacts, smtp, from, days };
        remind.SetAction(parse =>
        {
            var day = store.Clock.GetCurrentInstant().InZone(TrafficRules.Zone).Date;
            if (parse.GetValue(asOf) is { } text && !SecPanelCommand.TryDate(text, "--as-of", stderr, out day))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            var n = parse.GetValue(days);
            if (n is < 1 or > 20)
            {
                return SecPanelCommand.Fail(stderr, $"--days: {n} is not from 1 to 20");
            }

            var server = parse.GetValue(smtp);
            var sender = parse.GetValue(from);
            if (server is not null && sender is null)
            {
                return SecPanelCommand.Fail(stderr, "--from: the sender's address is needed to send (--smtp)");
            }

            if (sender is not null && !MimeKit.MailboxAddress.TryParse(sender, out _))
            {
                return SecPanelCommand.Fail(stderr, $"--from: '{sender}' is not an email address");
            }

            return store.WithStore(parse, db =>
            {
                var file = parse.GetValue(contacts)!;
                var loaded = ReminderContacts.Load(file, file, db.Rules());
                if (!loaded.Succeeded)
                {
                    stderr.WriteLine("secpanel: nothing was sent.");
                    return SecPanelCommand.Fail(stderr, loaded.Problems);
                }

                var outcome = ReminderRun.Run(db, new RemindOptions(day, n, loaded.Value, server, sender ?? "secpanel@localhost"));
                foreach (var line in outcome.Lines)
                {
                    stdout.WriteLine(line);
                }

                stdout.WriteLine($"As of {day:uuuu-MM-dd}: {outcome.Sent} sent, {outcome.AlreadySent} sent before, {outcome.WithoutContact} without a contact, {outcome.Failed} not sent{(server is null ? $"; a dry run, {outcome.WouldSend} would be sent" : string.Empty)}.");
                if (outcome.Failed > 0)
                {
                    stderr.WriteLine($"secpanel: {outcome.Failed} message{(outcome.Failed == 1 ? " was" : "s were")} not sent (listed above); run again to send {(outcome.Failed == 1 ? "it" : "them")}.");
                    return SecPanelCommand.UsageOrInputError;
                }

                return SecPanelCommand.Ok;
            });
        });
        return remind;
    }
}
