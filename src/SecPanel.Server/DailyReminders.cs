using Microsoft.Extensions.Hosting;
using NodaTime;
using SecPanel.Reminders;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>The server's daily reminders: whom (a contacts file, read at each run), how (SMTP), and when.</summary>
/// <param name="ContactsFile">The contacts file (docs/reminders.md), read afresh at each run so that edits need no restart.</param>
/// <param name="Smtp">The SMTP server, <c>host[:port]</c>.</param>
/// <param name="From">The sender's address.</param>
/// <param name="At">The time of day, in London, of each day's run.</param>
/// <param name="DaysBefore">How many working days before its due date a report is due soon.</param>
public sealed record ReminderSchedule(string ContactsFile, string Smtp, string From, LocalTime At, int DaysBefore);

/// <summary>
/// Runs <c>secpanel remind</c> inside the server: once when it starts (a server that was down
/// catches up; nothing is sent twice), then every day at the time given, in London. Each run goes to
/// the server's log, with what failed; a contacts file that has become unreadable is logged and the
/// run skipped, and the next day's run reads it again.
/// </summary>
internal sealed class DailyReminders(Store store, IClock clock, ReminderSchedule schedule) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the server listens while the first run sends.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            RunOnce();
            var now = clock.GetCurrentInstant().InZone(Traffic.TrafficRules.Zone);
            var next = now.Date.At(schedule.At) > now.LocalDateTime ? now.Date.At(schedule.At) : now.Date.PlusDays(1).At(schedule.At);
            var wait = next.InZoneLeniently(Traffic.TrafficRules.Zone).ToInstant() - now.ToInstant();
            try
            {
                await Task.Delay(wait.ToTimeSpan(), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One run for today: logged, never thrown out of the server.</summary>
    internal void RunOnce()
    {
        var today = clock.GetCurrentInstant().InZone(Traffic.TrafficRules.Zone).Date;
        try
        {
            var contacts = ReminderContacts.Load(schedule.ContactsFile, schedule.ContactsFile, store.Rules());
            if (!contacts.Succeeded)
            {
                store.LogServerEvent("secpanel", "reminders not sent", $"{today:uuuu-MM-dd}: the contacts file is wrong: {string.Join("; ", contacts.Problems)}");
                return;
            }

            var outcome = ReminderRun.Run(store, new RemindOptions(today, schedule.DaysBefore, contacts.Value, schedule.Smtp, schedule.From));
            var failures = outcome.Lines.Where(l => l.Contains(": NOT sent to ", StringComparison.Ordinal)).ToList();
            store.LogServerEvent("secpanel", outcome.Failed > 0 ? "reminders failed" : "reminders sent",
                $"{today:uuuu-MM-dd}: {outcome.Sent} sent, {outcome.AlreadySent} sent before, {outcome.WithoutContact} without a contact, {outcome.Failed} not sent" + (failures.Count > 0 ? ": " + string.Join("; ", failures) : string.Empty));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong (the store, the file, the network), the server goes on serving;
            // the run is logged as failed, and the next one tries again.
            store.LogServerEvent("secpanel", "reminders failed", $"{today:uuuu-MM-dd}: {e.Message}");
        }
    }
}
