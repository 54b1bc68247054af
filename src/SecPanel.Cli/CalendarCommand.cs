using System.CommandLine;
using NodaTime;
using SecPanel.Records;
using SecPanel.Server;
using SecPanel.Storage;
using SecPanel.Traffic;

namespace SecPanel.Cli;

/// <summary><c>secpanel calendar feed</c>: the deadlines of a store as an iCalendar file (docs/calendar-feeds.md).</summary>
internal static class CalendarCommand
{
    public static Command Feed(StoreCommands store, TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { Description = "The .ics file to write.", Required = true };
        var committee = new Option<string?>("--committee") { Description = "One committee's meetings and actions (OPSG's also has the reports due). Default: every committee." };
        var from = new Option<string?>("--from") { Description = $"The first day, YYYY-MM-DD. Default: {CalendarFeed.DaysBack} days before today." };
        var to = new Option<string?>("--to") { Description = $"The last day, YYYY-MM-DD. Default: {CalendarFeed.DaysAhead} days after today." };
        var level = new Option<string>("--level") { Description = "The highest classification of the actions it holds: WHITE (the default), GREEN, AMBER or RED.", DefaultValueFactory = _ => "WHITE" };
        var feed = new Command("feed", "Write the reports due, the committees' meetings and the open actions with their due dates as an iCalendar (.ics) file, one all-day event each, with stable UIDs.") { output, committee, from, to, level };
        feed.SetAction(parse =>
        {
            var today = store.Clock.GetCurrentInstant().InZone(TrafficRules.Zone).Date;
            LocalDate first = today.PlusDays(-CalendarFeed.DaysBack), last = today.PlusDays(CalendarFeed.DaysAhead);
            if ((parse.GetValue(from) is { } f && !SecPanelCommand.TryDate(f, "--from", stderr, out first))
                || (parse.GetValue(to) is { } t && !SecPanelCommand.TryDate(t, "--to", stderr, out last)))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            if (last < first)
            {
                return SecPanelCommand.Fail(stderr, $"--to: {last:uuuu-MM-dd} is before --from {first:uuuu-MM-dd}");
            }

            if (!Tlps.TryParse(parse.GetValue(level)!, out var tlp))
            {
                return SecPanelCommand.Fail(stderr, $"--level: '{parse.GetValue(level)}' is not RED, AMBER, GREEN or WHITE");
            }

            var file = parse.GetValue(output)!;
            if (Places.ToWrite(file, "--out") is { } unusable)
            {
                return SecPanelCommand.Fail(stderr, unusable);
            }

            return store.WithStore(parse, db =>
            {
                var name = parse.GetValue(committee);
                if (name is not null && db.Rules().Committees.All(c => c.Key != name))
                {
                    return SecPanelCommand.Fail(stderr, $"--committee: '{name}' is not a committee; the committees are {string.Join(", ", db.Rules().Committees.Select(c => c.Key))}");
                }

                var text = CalendarFeed.Build(db, new FeedRequest(first, last, name, new Access(tlp, null)));
                File.WriteAllText(file, text);
                stdout.WriteLine($"{file}: {text.Split("BEGIN:VEVENT").Length - 1} events from {first:uuuu-MM-dd} to {last:uuuu-MM-dd}{(name is null ? string.Empty : $" for {name}")}, actions up to {tlp.Title()}");
                return SecPanelCommand.Ok;
            });
        });
        return feed;
    }
}
