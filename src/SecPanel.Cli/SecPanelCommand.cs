using System.CommandLine;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SecPanel.Assessment;
using SecPanel.Calendar;
using SecPanel.Cases;
using SecPanel.Periods;
using SecPanel.Problems;
using SecPanel.Storage;

namespace SecPanel.Cli;

/// <summary>
/// The <c>secpanel</c> command. Exit codes: 0 success, 2 usage or input error, 1 an internal error
/// (each with its message on standard error). Thin by design: every rule lives in the library.
/// </summary>
public static class SecPanelCommand
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code for a fault of SecPanel's own: an exception no command expected.</summary>
    public const int InternalError = 1;

    /// <summary>Exit code for a usage or input error.</summary>
    public const int UsageOrInputError = 2;

    /// <summary>The environment variable naming a data folder to use instead of the bundled one.</summary>
    public const string DataVariable = "SECPANEL_DATA";

    /// <summary>
    /// Runs the command line <paramref name="args"/>, writing to <paramref name="stdout"/> and
    /// <paramref name="stderr"/>; <paramref name="clock"/> dates the audit trail. Passwords are read
    /// from <paramref name="stdin"/> (the console's input when null).
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IClock clock, TextReader? stdin = null)
    {
        var verboseOption = new Option<bool>("--verbose") { Description = "On an internal error, print the exception and its stack trace too.", Recursive = true };
        var verbose = args.Contains(verboseOption.Name, StringComparer.Ordinal);
        try
        {
            var parsed = Commands(stdout, stderr, stdin, clock, verboseOption).Parse(args);
            verbose = parsed.GetValue(verboseOption);
            var errors = Usage.Errors(parsed);
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    stderr.WriteLine($"secpanel: {error}");
                }

                stderr.WriteLine("Run 'secpanel --help' for usage.");
                return UsageOrInputError;
            }

            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Commands check the places they are told to use before they start; a file or folder
            // that fails later (unreadable, a disk that fills) is still the user's to mend, and
            // .NET's message names the path.
            return Fail(stderr, Places.Reason(e));
        }
        catch (Exception e)
        {
            // Anything else is a fault of SecPanel's: one line for the user, the stack trace for
            // whoever mends it.
            var message = string.Join(" ", e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            stderr.WriteLine($"secpanel: internal error: {message}{(verbose ? string.Empty : $" (run with {verboseOption.Name} for the details)")}");
            if (verbose)
            {
                stderr.WriteLine(e.ToString());
            }

            return InternalError;
        }
    }

    /// <summary>The command tree; <paramref name="verboseOption"/> is one of its options, read by <see cref="Run"/> itself.</summary>
    private static RootCommand Commands(TextWriter stdout, TextWriter stderr, TextReader? stdin, IClock clock, Option<bool> verboseOption)
    {
        var dataOption = new Option<string?>("--data")
        {
            Description = $"The folder of rule data files (holidays, obligations, bands, measures). Default: ${DataVariable}, else the data folder installed with secpanel.",
            Recursive = true,
        };
        var regionOption = new Option<string?>("--region") { Description = $"Bank-holiday region: {Regions.KeyList}. Default: england-and-wales." };

        var root = new RootCommand("SecPanel: DCC reporting obligations, deadlines and assessments for the SEC Panel.");
        root.Options.Add(dataOption);
        root.Options.Add(verboseOption);

        var obligationArgument = new Argument<string>("obligation") { Description = "The obligation key, such as pmr or sr-variance." };
        var periodArgument = new Argument<string>("period") { Description = "The period: YYYY-MM, or YYYY-Qn for quarterly obligations (YYYY-Hn half-yearly, YYYY annual)." };
        var due = new Command("due", "Print the due date of one report instance as YYYY-MM-DD, or 'unspecified'.") { obligationArgument, periodArgument, regionOption };
        due.SetAction(parse => WithRules(parse, dataOption, stderr, rules =>
        {
            var key = parse.GetValue(obligationArgument)!;
            var obligation = rules.Catalogue.Find(key);
            if (obligation is null)
            {
                return Fail(stderr, $"unknown obligation '{key}'; the obligations are {rules.Catalogue.KeyList}");
            }

            if (!ReportingPeriod.TryParse(parse.GetValue(periodArgument)!, obligation.Cadence, out var period, out var error))
            {
                return Fail(stderr, error);
            }

            if (!TryRegion(parse.GetValue(regionOption), stderr, out var region))
            {
                return UsageOrInputError;
            }

            var date = obligation.Deadline.DueDate(period, rules.CalendarFor(region));
            stdout.WriteLine(date is { } d ? d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) : "unspecified");
            return Ok;
        }));

        var yearArgument = new Argument<int>("year") { Description = "The calendar year, such as 2018 (1900 to 2199, the dates SecPanel keeps)." }.Within(1900, 2199, Usage.YearNote);
        var calendar = new Command("calendar", "List a year's bank holidays, one a line: YYYY-MM-DD, then the name.") { yearArgument, regionOption };
        calendar.SetAction(parse => WithRules(parse, dataOption, stderr, rules =>
        {
            var year = parse.GetValue(yearArgument);
            if (!TryRegion(parse.GetValue(regionOption), stderr, out var region))
            {
                return UsageOrInputError;
            }

            foreach (var holiday in rules.CalendarFor(region).HolidaysIn(year))
            {
                stdout.WriteLine($"{holiday.Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}  {holiday.Name}");
            }

            return Ok;
        }));

        var dbOption = new Option<string?>("--db")
        {
            Description = $"The store: a SQLite file, a PostgreSQL connection string or postgres:// URL. Default: ${StoreLocation.Variable}, else {StoreLocation.DefaultPath}.",
            Recursive = true,
        };
        var actorOption = new Option<string?>("--as") { Description = "The name the audit trail records. Default: the user you are logged in as.", Recursive = true };
        root.Options.Add(dbOption);
        root.Options.Add(actorOption);
        var store = new StoreCommands(dbOption, actorOption, dataOption, stdout, stderr, clock);

        var caseArgument = new Argument<string?>("case-folder") { Description = "A case folder: meeting.csv, deliveries.csv and the content files (see docs/case-format.md). Without it, the store is assessed.", Arity = ArgumentArity.ZeroOrOne };
        var formatOption = new Option<string>("--format") { Description = "Output format: table, json or markdown.", DefaultValueFactory = _ => "table" }.OneOf("table", "json", "markdown");
        var committeeOption = new Option<string?>("--committee") { Description = "The committee whose meeting to assess, when the case holds several meetings." };
        var meetingOption = new Option<string?>("--meeting") { Description = "The date of the meeting to assess (YYYY-MM-DD), when the case holds several meetings." };
        var assess = new Command("assess", "Assess the DCC reports considered at a committee meeting.") { caseArgument, formatOption, committeeOption, meetingOption };
        assess.SetAction(parse =>
        {
            LocalDate? date = null;
            if (parse.GetValue(meetingOption) is { } text)
            {
                if (!TryDate(text, "--meeting", stderr, out var meetingDate))
                {
                    return UsageOrInputError;
                }

                date = meetingDate;
            }

            var folder = parse.GetValue(caseArgument);
            if (folder is null)
            {
                return store.Assess(parse, parse.GetValue(committeeOption), date, assessment => Print(stdout, assessment, parse.GetValue(formatOption)));
            }

            // A case that carries its own rules (an export does) is assessed by them, unless --data says otherwise.
            var caseRules = Path.Combine(folder, CaseFolder.RulesFolder);
            var dataFolder = parse.GetValue(dataOption) ?? (Directory.Exists(caseRules) ? caseRules : null);
            return WithRules(dataFolder, stderr, rules =>
            {
                var loaded = CaseFolder.Load(folder, folder, rules);
                if (!loaded.Succeeded)
                {
                    return Fail(stderr, loaded.Problems);
                }

                var meeting = loaded.Value.FindMeeting(parse.GetValue(committeeOption), date, out var error);
                return meeting is null ? Fail(stderr, error) : Print(stdout, new Assessor(rules).Assess(loaded.Value, meeting), parse.GetValue(formatOption));
            });
        });

        root.Subcommands.Add(due);
        calendar.Subcommands.Add(CalendarCommand.Feed(store, stdout, stderr));
        root.Subcommands.Add(calendar);
        root.Subcommands.Add(assess);
        foreach (var command in store.Commands())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(PaperCommand.Create(store, dataOption, stdout, stderr));
        root.Subcommands.Add(RemindCommand.Create(store, stdout, stderr));
        root.Subcommands.Add(ForecastQualityCommand.Create(store, stdout, stderr));
        root.Subcommands.Add(UsaCommand.Create(dataOption, stdout, stderr));
        root.Subcommands.Add(TrafficCommand.Create(store, dataOption, stdout, stderr));
        root.Subcommands.Add(SampleCommand.Create(dataOption, stdout, stderr));
        foreach (var command in new ServerCommands(store, stdout, stderr, stdin, clock).Commands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static int Print(TextWriter stdout, MeetingAssessment assessment, string? format)
    {
        stdout.Write(format switch
        {
            "json" => AssessmentJson.Write(assessment),
            "markdown" => AssessmentText.Markdown(assessment),
            _ => AssessmentText.Table(assessment),
        });
        return Ok;
    }

    private static int WithRules(ParseResult parse, Option<string?> dataOption, TextWriter stderr, Func<RuleBook, int> action) =>
        WithRules(parse.GetValue(dataOption), stderr, action);

    internal static int WithRules(string? dataFolder, TextWriter stderr, Func<RuleBook, int> action)
    {
        var folder = dataFolder ?? Environment.GetEnvironmentVariable(DataVariable);
        // Problems name the file actually read, so that the user knows which copy to mend.
        folder ??= Path.Combine(AppContext.BaseDirectory, "data");
        var display = folder;
        if (File.Exists(folder))
        {
            return Fail(stderr, $"{display}: a file, not a data folder");
        }

        if (!Directory.Exists(folder))
        {
            return Fail(stderr, $"{display}: data folder not found");
        }

        var rules = RuleBook.Load(folder, display);
        return rules.Succeeded ? action(rules.Value) : Fail(stderr, rules.Problems);
    }

    private static bool TryRegion(string? key, TextWriter stderr, out Region region)
    {
        region = Region.EnglandAndWales;
        if (key is null || Regions.TryParse(key, out region))
        {
            return true;
        }

        Fail(stderr, $"unknown region '{key}'; the regions are {Regions.KeyList}");
        return false;
    }

    /// <summary>A date option: <c>YYYY-MM-DD</c>, within the dates SecPanel keeps; otherwise says why on <paramref name="stderr"/>.</summary>
    internal static bool TryDate(string text, string option, TextWriter stderr, out LocalDate date)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        date = parsed.Success ? parsed.Value : default;
        var problem = !parsed.Success ? $"'{text}' is not a date of the form YYYY-MM-DD" : SupportedDates.Problem(date, text);
        if (problem is not null)
        {
            Fail(stderr, $"{option}: {problem}");
        }

        return problem is null;
    }

    internal static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"secpanel: {message}");
        return UsageOrInputError;
    }

    internal static int Fail(TextWriter stderr, IReadOnlyList<Problem> problems)
    {
        stderr.WriteLine($"secpanel: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} found:");
        foreach (var problem in problems)
        {
            stderr.WriteLine($"  {problem}");
        }

        return UsageOrInputError;
    }
}
