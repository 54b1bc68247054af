using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SecPanel.Analytics.ClickHouse;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Generation;
using SecPanel.Analytics.Logs;
using SecPanel.Calendar;
using SecPanel.Cases;
using SecPanel.Maintenance;
using SecPanel.Problems;
using SecPanel.Storage;
using SecPanel.Traffic;

namespace SecPanel.Cli;

/// <summary>The <c>traffic</c> commands: analyse a month of DCC message logs into the report figures, or generate a synthetic month.</summary>
internal static partial class TrafficCommand
{
    public static Command Create(StoreCommands store, Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var traffic = new Command("traffic", "DCC traffic logs: analyse a month into the report figures (H3.24, L8.9, CPM 1, 2, 3, 7, messages per minute), or generate a synthetic month.");
        traffic.Subcommands.Add(Analyse(store, dataOption, stdout, stderr));
        traffic.Subcommands.Add(Replay(store, dataOption, stdout, stderr));
        traffic.Subcommands.Add(Forecast(store, dataOption, stdout, stderr));
        traffic.Subcommands.Add(Warn(store, stdout, stderr));
        traffic.Subcommands.Add(Generate(dataOption, stdout, stderr));
        traffic.Subcommands.Add(Load(dataOption, store.Clock, stdout, stderr));
        return traffic;
    }

    private static Command Analyse(StoreCommands store, Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string?>("folder") { Description = "The folder of log files: <kind>-YYYY-MM-DD.csv or <kind>-YYYY-MM.csv, .gz allowed (docs/traffic.md). Not with --engine clickhouse, which reads the cluster.", Arity = ArgumentArity.ZeroOrOne };
        var month = new Option<string?>("--month") { Description = "The month to analyse (YYYY-MM). Default: the one month the folder (or the cluster) holds." };
        var engine = new Option<string>("--engine") { Description = "embedded (the default: this machine reads the folder) or clickhouse (SQL on the cluster of --clickhouse, loaded by traffic load; docs/scale-out.md).", DefaultValueFactory = _ => "embedded" }.AcceptOnlyFromAmong("embedded", "clickhouse");
        var clickhouse = new Option<string?>("--clickhouse") { Description = "With --engine clickhouse: the HTTP address of each shard, in the cluster's order." };
        var clusterName = new Option<string>("--cluster") { Description = "With --engine clickhouse: the cluster's name in the servers' remote_servers. Default: secpanel.", DefaultValueFactory = _ => "secpanel" };
        var database = new Option<string>("--database") { Description = "With --engine clickhouse: the database of SecPanel's tables. Default: default.", DefaultValueFactory = _ => "default" };
        var format = FormatOption();
        var strict = StrictOption();
        var update = new Option<bool>("--update") { Description = "With --db: replace figures stored for the month with other values (each change is audited). Without it, such figures are refused." };
        var maintenance = new Option<string?>("--maintenance") { Description = "Without --db: a file of Planned Maintenance windows (the columns of maintenance.csv) whose minutes availability leaves out. With --db the store's windows are used." };
        var command = new Command("analyse", "Analyse a month of traffic logs: Service Requests and CSRs against forecast with their exceptions, service levels within the Target Response Times, availability with Planned Maintenance left out, messages per minute. With --db, store the figures as the content of the month's SR, CSR and performance reports.")
        {
            folder, month, format, strict, update, maintenance, engine, clickhouse, clusterName, database,
        };
        command.SetAction(parse => Guarded(() =>
        {
            if (!TryChosen(parse, month, stderr, out var chosen))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            var path = parse.GetValue(folder);
            var onCluster = parse.GetValue(engine) == "clickhouse";
            if (SourceProblem(path, onCluster, parse.GetValue(clickhouse), parse.GetValue(clusterName)!, parse.GetValue(database)!) is { } wrongSource)
            {
                return SecPanelCommand.Fail(stderr, wrongSource);
            }

            var json = parse.GetValue(format) == "json";
            int Run(RuleBook rules, IReadOnlyList<MaintenanceWindow> windows, Func<YearMonth, IReadOnlyList<Problem>> missing, Func<TrafficReport, int> then)
            {
                var read = onCluster
                    ? ReadCluster(ClickHouseCluster.ParseShards(parse.GetValue(clickhouse)!, out _)!, parse.GetValue(clusterName)!, parse.GetValue(database)!, chosen, rules, parse.GetValue(strict), stderr, missing)
                    : Read(path!, chosen, rules, parse.GetValue(strict), stderr, missing, _ => null);
                if (read.Failed is { } failed)
                {
                    return failed;
                }

                var report = read.Analyser!.Finish(read.Partial!, read.Forecasts!);
                report = report with { Availability = read.Outages is { } outages ? AvailabilityLine.Of(report.Month, outages, windows, rules) : null };
                stdout.Write(json ? TrafficJson.Write(report) : TrafficText.Table(report));
                return then(report);
            }

            // Only a --db on the command line stores. $SECPANEL_DB and the default store are where
            // assess and import go without --db, but analysing logs never writes unasked.
            if (!store.Named(parse))
            {
                return parse.GetValue(update)
                    ? SecPanelCommand.Fail(stderr, "--update: only with --db, which names the store to write the figures into")
                    : SecPanelCommand.WithRules(parse.GetValue(dataOption), stderr, rules =>
                    {
                        if (parse.GetValue(maintenance) is not { } file)
                        {
                            return Run(rules, [], _ => [], _ => SecPanelCommand.Ok);
                        }

                        if (!File.Exists(file))
                        {
                            return SecPanelCommand.Fail(stderr, $"--maintenance: '{file}' is not a file");
                        }

                        var windows = CaseFolder.LoadMaintenance(file, file, rules);
                        return windows.Succeeded ? Run(rules, windows.Value, _ => [], _ => SecPanelCommand.Ok) : SecPanelCommand.Fail(stderr, windows.Problems);
                    });
            }

            if (parse.GetValue(maintenance) is not null)
            {
                return SecPanelCommand.Fail(stderr, "--maintenance: with --db the store's Planned Maintenance windows are used; import the file into the store (maintenance.csv), then run this again");
            }

            // The store's rules, Target Response Times and measures included, so that the stored
            // figures are computed and judged by the rules they are stored with.
            return store.WithStore(parse, db =>
            {
                var (rules, stored) = db.CaseWithoutFigures();
                return Run(rules, stored.Maintenance, m => Undelivered(db, stored, m), report => Keep(db, report));
            });

            int Keep(Store db, TrafficReport report)
            {
                var period = report.Month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
                ImportText[] content =
                [
                    new(CaseFolder.VarianceFile, $"{CaseFolder.VarianceFile} from {path ?? parse.GetValue(clickhouse)}", ReportContent.VarianceCsv(report)),
                    new(CaseFolder.PerformanceFile, $"{CaseFolder.PerformanceFile} from {path ?? parse.GetValue(clickhouse)}", ReportContent.PerformanceCsv(report)),
                ];
                // The month's lines of the three reports are replaced whole: a User or Subscriber no
                // longer in the logs loses its stored line (with --update), so the lines add up to the total.
                var variance = ReportContent.VarianceKeys(report);
                var measures = ReportContent.PerformanceKeys(report);
                ImportScope[] replaces =
                [
                    new(CaseFolder.VarianceFile, variance, $"the {ReportContent.SrVariance} and {ReportContent.CsrVariance} lines of {period}"),
                    new(CaseFolder.PerformanceFile, measures, $"the {string.Join(", ", measures["measure"])} lines of {ReportContent.Performance} {period}"),
                ];
                var outcome = db.Import(content, new ImportOptions(store.Actor(parse), parse.GetValue(update), Replaces: replaces, Again: "run traffic analyse again"));
                if (!outcome.Succeeded)
                {
                    stderr.WriteLine("secpanel: the figures were not stored; the store is unchanged.");
                    return SecPanelCommand.Fail(stderr, outcome.Problems);
                }

                // With JSON, standard output stays one JSON document: the account of the store goes to standard error.
                var said = json ? stderr : stdout;
                said.WriteLine();
                said.WriteLine($"Stored in {db.Location.Display} as the content of {ReportContent.SrVariance} {period}, {ReportContent.CsrVariance} {period} and {ReportContent.Performance} {period}:");
                StoreCommands.PrintCounts(said, outcome.Counts);
                said.WriteLine("No delivery is recorded by this: a delivery is the DCC's act of reporting, imported with deliveries.csv.");
                return SecPanelCommand.Ok;
            }
        }));
        return command;
    }

    private static Command Replay(StoreCommands store, Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "The folder of log files, as for traffic analyse." };
        var month = new Option<string?>("--month") { Description = "The month to replay (YYYY-MM). Default: the one month the folder holds." };
        var rulesFolder = new Option<string?>("--rules") { Description = "A folder holding traffic-thresholds.csv, traffic-allocations.csv and traffic-exempt-alerts.csv. Default: the store's (--db) or the data folder's." };
        var format = FormatOption();
        var strict = StrictOption();
        var command = new Command("replay", "Replay a month of traffic logs minute by minute under the traffic management rules: the minutes above the operating threshold and the capacity, the Users throttled and the messages they would have had deferred, and the alerts alert storm protection would have dropped (never an exempt code). Reads the logs once; stores nothing.")
        {
            folder, month, rulesFolder, format, strict,
        };
        command.SetAction(parse => Guarded(() =>
        {
            if (!TryChosen(parse, month, stderr, out var chosen))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            int Run(RuleBook book)
            {
                if (TrafficRulesOf(book, parse.GetValue(rulesFolder), stderr) is not { } traffic)
                {
                    return SecPanelCommand.UsageOrInputError;
                }

                var read = Read(parse.GetValue(folder)!, chosen, book, parse.GetValue(strict), stderr, _ => [], m => TrafficReplay.Watched(traffic, m));
                if (read.Failed is { } failed)
                {
                    return failed;
                }

                var replay = TrafficReplay.Of(read.Partial!, read.Forecasts!, traffic);
                stdout.Write(parse.GetValue(format) == "json" ? TrafficReplayText.Json(replay) : TrafficReplayText.Table(replay));
                return SecPanelCommand.Ok;
            }

            return WithRuleBook(store, parse, dataOption, stderr, Run);
        }));
        return command;
    }

    private static Command Forecast(StoreCommands store, Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "The folder of log files of several months (at least four weeks), as for traffic analyse." };
        var rulesFolder = new Option<string?>("--rules") { Description = "A folder holding the traffic management rule files. Default: the store's (--db) or the data folder's." };
        var horizon = new Option<int>("--horizon") { Description = "How many days past the last day of the logs to look.", DefaultValueFactory = _ => 365 }.Within(1, 3_650, "ten years at most");
        var confidence = new Option<int>("--confidence") { Description = "The prediction intervals' level, in percent.", DefaultValueFactory = _ => 80 }.Within(50, 99);
        var format = FormatOption();
        var strict = StrictOption();
        var raise = new Option<bool>("--raise") { Description = "With --db: when the operating threshold or the capacity is forecast to be reached within the horizon, record it as an item of the next OPSG meeting in the store (updated by later runs)." };
        var confirm = new Option<bool>("--confirm-action") { Description = "With --raise: the secretariat confirms it, and the DCC is given an action at that meeting to bring its plans." };
        var on = new Option<string?>("--on") { Description = "With --raise: the day it is raised (YYYY-MM-DD); the next OPSG meeting on or after it is chosen. Default: today in London." };
        var command = new Command("forecast", "Forecast when the system's peak minute will reach the operating threshold and the capacity, with a prediction interval, and which Users will reach their allocation, from the daily peaks of months of traffic logs. Reads each month once; with --raise, records a breach within the horizon as an OPSG item.")
        {
            folder, rulesFolder, horizon, confidence, format, strict, raise, confirm, on,
        };
        command.SetAction(parse => Guarded(() =>
        {
            var raising = parse.GetValue(raise);
            if (!raising && (parse.GetValue(confirm) || parse.GetValue(on) is not null))
            {
                return SecPanelCommand.Fail(stderr, "--confirm-action and --on: only with --raise");
            }

            if (raising && !store.Named(parse))
            {
                return SecPanelCommand.Fail(stderr, "--raise: name the store to record the OPSG item in with --db");
            }

            LocalDate? day = null;
            if (parse.GetValue(on) is { } text)
            {
                var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
                if (!parsed.Success)
                {
                    return SecPanelCommand.Fail(stderr, $"--on: '{text}' is not a date of the form YYYY-MM-DD");
                }

                day = parsed.Value;
            }

            int Run(RuleBook book, Store? db)
            {
                if (TrafficRulesOf(book, parse.GetValue(rulesFolder), stderr) is not { } traffic)
                {
                    return SecPanelCommand.UsageOrInputError;
                }

                var (failed, forecast) = ForecastOf(parse.GetValue(folder)!, book, traffic, parse.GetValue(strict), parse.GetValue(horizon), parse.GetValue(confidence), stderr);
                if (failed is { } code)
                {
                    return code;
                }

                var json = parse.GetValue(format) == "json";
                stdout.Write(json ? TrafficForecastText.Json(forecast!) : TrafficForecastText.Table(forecast!));
                return db is null ? SecPanelCommand.Ok
                    : TrafficRaise.Run(db, forecast!, traffic, day ?? store.Clock.GetCurrentInstant().InZone(TrafficRules.Zone).Date, parse.GetValue(confirm), store.Actor(parse), json ? stderr : stdout, stderr);
            }

            return raising
                ? store.WithStore(parse, db => Run(db.Rules(), db))
                : WithRuleBook(store, parse, dataOption, stderr, book => Run(book, null));
        }));
        return command;
    }

    private static Command Warn(StoreCommands store, TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "The folder of log files of several months, as for traffic forecast." };
        var rulesFolder = new Option<string?>("--rules") { Description = "A folder holding the traffic management rule files. Default: the store's." };
        var horizon = new Option<int>("--horizon") { Description = "Warn of allocations reached within this many days past the last day of the logs.", DefaultValueFactory = _ => 90 }.Within(1, 3_650, "ten years at most");
        var output = new Option<string>("--out") { Description = "The folder to write the notices into, one email file (.eml) each.", Required = true };
        var contacts = new Option<string?>("--contacts") { Description = "A CSV file of the Parties' contacts: user,name,email." };
        var smtp = new Option<string?>("--smtp") { Description = "The SMTP server to send the notices through, as host[:port] (port 25 by default); without it, nothing is sent." };
        var from = new Option<string?>("--from") { Description = "The address the notices come from (with --smtp)." };
        var strict = StrictOption();
        var command = new Command("warn", "Warn each Party whose Service Requests at the peak are forecast to reach its allocation within the horizon: a notice written as an email file and, with --smtp, sent to its contact. Needs --db: each notice is recorded there with the audit trail, and never written or sent twice.")
        {
            folder, rulesFolder, horizon, output, contacts, smtp, from, strict,
        };
        command.SetAction(parse => Guarded(() =>
        {
            if (!store.Named(parse))
            {
                return SecPanelCommand.Fail(stderr, "--db: traffic warn records each notice in a store, so that none is sent twice; name the store with --db");
            }

            return store.WithStore(parse, db =>
            {
                var book = db.Rules();
                if (TrafficRulesOf(book, parse.GetValue(rulesFolder), stderr) is not { } traffic)
                {
                    return SecPanelCommand.UsageOrInputError;
                }

                var (failed, forecast) = ForecastOf(parse.GetValue(folder)!, book, traffic, parse.GetValue(strict), parse.GetValue(horizon), 80, stderr);
                return failed ?? TrafficWarn.Run(db, forecast!, traffic, new TrafficWarn.Options(parse.GetValue(output)!, parse.GetValue(contacts), parse.GetValue(smtp), parse.GetValue(from), store.Actor(parse)), stdout, stderr, store.Clock);
            });
        }));
        return command;
    }

    /// <summary>The forecast of every month of logs in <paramref name="path"/>, a month at a time (its counts turned into daily peaks and let go before the next is read).</summary>
    private static (int? Failed, TrafficForecast? Forecast) ForecastOf(string path, RuleBook book, TrafficRules traffic, bool strict, int horizon, int confidence, TextWriter stderr)
    {
        var files = LogFile.InFolder(path);
        if (!files.Succeeded)
        {
            return (SecPanelCommand.Fail(stderr, files.Problems), null);
        }

        var months = files.Value.Where(f => f.Kind is LogKind.ServiceRequests or LogKind.Alerts).Select(f => f.Month).Distinct().Order().ToList();
        if (months.Count == 0)
        {
            return (SecPanelCommand.Fail(stderr, $"{path}: no message logs (service-requests-*, alerts-*)"), null);
        }

        var peaks = new DailyPeaks();
        Forecasts? last = null;
        foreach (var month in months)
        {
            var read = Read(path, month, book, strict, stderr, _ => [], _ => null);
            if (read.Failed is { } failed)
            {
                return (failed, null);
            }

            peaks.Add(read.Partial!);
            last = read.Forecasts;
        }

        return (null, TrafficForecast.Of(peaks, traffic, last!, horizon, confidence / 100.0));
    }

    /// <summary>The rules in force where the figures are kept: the store's with --db, else the data folder's.</summary>
    private static int WithRuleBook(StoreCommands store, ParseResult parse, Option<string?> dataOption, TextWriter stderr, Func<RuleBook, int> run) =>
        store.Named(parse)
            ? store.WithStore(parse, db => run(db.Rules()))
            : SecPanelCommand.WithRules(parse.GetValue(dataOption), stderr, run);

    /// <summary>The traffic management rules of <paramref name="folder"/> (--rules) when given, else of <paramref name="book"/>; null, said on standard error, when they cannot be read.</summary>
    private static TrafficRules? TrafficRulesOf(RuleBook book, string? folder, TextWriter stderr)
    {
        if (folder is null)
        {
            return book.Traffic;
        }

        if (!Directory.Exists(folder))
        {
            SecPanelCommand.Fail(stderr, $"--rules: '{folder}' is not a folder");
            return null;
        }

        var loaded = TrafficRules.Load(folder, folder);
        if (!loaded.Succeeded)
        {
            SecPanelCommand.Fail(stderr, loaded.Problems);
            return null;
        }

        return loaded.Value;
    }

    /// <summary>
    /// Reads a month of logs from <paramref name="path"/> once, as every traffic command that reads
    /// logs does: the files and the month are checked, <paramref name="missing"/> says what else is
    /// wrong before the (perhaps long) reading, and bad rows are reported on standard error (fatal
    /// with <paramref name="strict"/>). Failed is the exit code when it could not be done.
    /// </summary>
    private static (int? Failed, TrafficAnalyser? Analyser, TrafficPartial? Partial, Forecasts? Forecasts, IReadOnlyList<Outage>? Outages) Read(
        string path, YearMonth? chosen, RuleBook rules, bool strict, TextWriter stderr, Func<YearMonth, IReadOnlyList<Problem>> missing, Func<YearMonth, IReadOnlySet<string>?> watched)
    {
        var files = LogFile.InFolder(path);
        if (!files.Succeeded)
        {
            return (SecPanelCommand.Fail(stderr, files.Problems), null, null, null, null);
        }

        var month = TrafficAnalyser.MonthOf(files.Value, chosen, path);
        if (!month.Succeeded)
        {
            return (SecPanelCommand.Fail(stderr, month.Problems), null, null, null, null);
        }

        // Checked before the logs are read, which can take minutes, and said once per report rather than once per figure.
        if (missing(month.Value) is { Count: > 0 } absent)
        {
            return (SecPanelCommand.Fail(stderr, absent), null, null, null, null);
        }

        var analyser = new TrafficAnalyser(rules, rules.TargetResponseTimes, strict) { Progress = new ReadingLines(stderr), WatchedAlertCodes = watched(month.Value) };
        var forecasts = Forecasts.Read(files.Value, month.Value);
        var outages = Outages.Read(files.Value, month.Value, rules.Maintenance);
        var counted = analyser.Count(files.Value, month.Value);
        if (forecasts.Problems.Concat(outages.Problems).Concat(counted.Problems).ToList() is { Count: > 0 } problems)
        {
            return (SecPanelCommand.Fail(stderr, problems), null, null, null, null);
        }

        return BadRowsSaid(counted.Value, strict, stderr) is { } refused
            ? (refused, null, null, null, null)
            : (null, analyser, counted.Value, forecasts.Value, outages.Value);
    }

    /// <summary>Says the bad rows of <paramref name="partial"/>'s files on standard error; with <paramref name="strict"/>, the first refuses (its exit code).</summary>
    private static int? BadRowsSaid(TrafficPartial partial, bool strict, TextWriter stderr)
    {
        var bad = partial.Files.SelectMany(f => f.FirstBadRows).ToList();
        if (strict && bad.Count > 0)
        {
            return SecPanelCommand.Fail(stderr, $"--strict: a bad row: {bad[0]}");
        }

        var badRows = partial.Files.Sum(f => f.BadRows);
        if (badRows > 0)
        {
            stderr.WriteLine($"secpanel: {badRows.ToString("N0", CultureInfo.InvariantCulture)} bad rows left out (the first of each file shown):");
            foreach (var problem in bad)
            {
                stderr.WriteLine($"  {problem}");
            }
        }

        return null;
    }

    /// <summary>What is wrong with where the logs are to be read from: a folder for the embedded engine, the cluster's addresses and names for ClickHouse.</summary>
    private static string? SourceProblem(string? folder, bool onCluster, string? shards, string cluster, string database)
    {
        if (!onCluster)
        {
            return folder is null ? "name the folder of logs to analyse (or --engine clickhouse with --clickhouse)"
                : shards is not null ? "--clickhouse: only with --engine clickhouse" : null;
        }

        if (folder is not null)
        {
            return $"--engine clickhouse reads the cluster, not the folder '{folder}': load the folder first (traffic load)";
        }

        if (shards is null)
        {
            return "--engine clickhouse: name the shards with --clickhouse http://host:8123[,...]";
        }

        return ClickHouseCluster.ParseShards(shards, out var wrong) is null ? $"--clickhouse: {wrong}"
            : ClickHouseSchema.NameProblem(cluster) is { } badCluster ? $"--cluster: {badCluster}"
            : ClickHouseSchema.NameProblem(database) is { } badDatabase ? $"--database: {badDatabase}"
            : null;
    }

    /// <summary>A month's counts from the cluster, as <see cref="Read"/> gives them from a folder: the same checks of the month, and the bad rows the load found said the same way.</summary>
    private static (int? Failed, TrafficAnalyser? Analyser, TrafficPartial? Partial, Forecasts? Forecasts, IReadOnlyList<Outage>? Outages) ReadCluster(
        IReadOnlyList<Uri> shards, string clusterName, string database, YearMonth? chosen, RuleBook rules, bool strict, TextWriter stderr, Func<YearMonth, IReadOnlyList<Problem>> missing)
    {
        using var cluster = new ClickHouseCluster(shards, database);
        try
        {
            ClickHouseSchema.Check(cluster, clusterName, tablesNeeded: true);
            var analyser = new ClickHouseAnalyser(cluster, rules);
            var month = analyser.MonthOf(chosen);
            if (!month.Succeeded)
            {
                return (SecPanelCommand.Fail(stderr, month.Problems), null, null, null, null);
            }

            if (missing(month.Value) is { Count: > 0 } absent)
            {
                return (SecPanelCommand.Fail(stderr, absent), null, null, null, null);
            }

            var (partial, forecasts, outages) = analyser.Count(month.Value);
            return BadRowsSaid(partial, strict, stderr) is { } refused
                ? (refused, null, null, null, null)
                : (null, new TrafficAnalyser(rules, rules.TargetResponseTimes, strict), partial, forecasts, outages);
        }
        catch (ClickHouseException e)
        {
            return (SecPanelCommand.Fail(stderr, e.Message), null, null, null, null);
        }
    }

    /// <summary>
    /// Runs a traffic command, unwrapping what its threads throw: logs are read on several
    /// threads, whose exceptions come wrapped in an <see cref="AggregateException"/>. The first
    /// cause is thrown again as itself, so that <see cref="SecPanelCommand.Run"/> says it as for
    /// every command: a file that fails while it is read is the user's to mend (exit 2), anything
    /// else a fault of SecPanel in one line (exit 1).
    /// </summary>
    internal static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (AggregateException all) when (all.Flatten().InnerExceptions.FirstOrDefault() is { } cause)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw();
            throw;
        }
    }

    /// <summary>The reports of <paramref name="month"/> whose delivery the store lacks: their figures are content of a delivered report, and a delivery is not SecPanel's to invent.</summary>
    private static List<Problem> Undelivered(Store db, AssessmentCase stored, YearMonth month)
    {
        var period = month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
        return [.. new[] { ReportContent.SrVariance, ReportContent.CsrVariance, ReportContent.Performance }
            .Where(key => !stored.Deliveries.Any(d => d.Obligation.Key == key && d.Period.ToString() == period))
            .Select(key => new Problem(db.Location.Display, null, null, $"no delivery of {key} {period} is recorded; the figures are stored as the content of delivered reports: import the deliveries first (deliveries.csv), then run this again"))];
    }

    private static Command Generate(Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var month = new Option<string>("--month") { Description = "The month to generate (YYYY-MM).", Required = true };
        var meters = new Option<int>("--meters") { Description = "Meters in the country; each sends about 28 messages a month.", Required = true }.Within(1, TrafficGenerator.MaxMeters, "national scale is about 107 million");
        var seed = new Option<ulong>("--seed") { Description = "The seed: the same seed gives the same files.", DefaultValueFactory = _ => 1 }.Within(ulong.MinValue, ulong.MaxValue);
        var output = new Option<string>("--out") { Description = "The folder to write the logs into (created if need be).", Required = true };
        var months = new Option<int>("--months") { Description = "How many months to write, from --month on (a quarter is 3).", DefaultValueFactory = _ => 1 }.Within(1, 36, "three years at most");
        var growth = new Option<decimal>("--growth") { Description = "Growth of the meters in percent a month (0 to 100, to one decimal): even through each month, compounded from month to month.", DefaultValueFactory = _ => 0m };
        var command = new Command("generate", "Write synthetic months of national DCC traffic: one file per kind per day and each month's forecasts, the same for the same seed.")
        {
            month, meters, seed, output, months, growth,
        };
        command.SetAction(parse => Guarded(() => SecPanelCommand.WithRules(parse.GetValue(dataOption), stderr, rules =>
        {
            if (!TryMonth(parse.GetValue(month)!, stderr, out var m))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            var perMille = parse.GetValue(growth) * 10;
            if (perMille is < 0 or > 1_000 || perMille != decimal.Truncate(perMille))
            {
                return SecPanelCommand.Fail(stderr, $"--growth: {parse.GetValue(growth).ToString(CultureInfo.InvariantCulture)} is not a percentage from 0 to 100 with at most one decimal place");
            }

            if (!SupportedDates.Contains(m.PlusMonths(parse.GetValue(months) - 1).Year))
            {
                return SecPanelCommand.Fail(stderr, $"--months: the last month would be after {SupportedDates.Last:uuuu-MM}");
            }

            var folder = parse.GetValue(output)!;
            if (Places.ToWriteInto(folder, "--out") is { } unusable)
            {
                return SecPanelCommand.Fail(stderr, unusable);
            }

            var written = new List<string>();
            long count = parse.GetValue(meters);
            try
            {
                // Each month from its own seed (the month's number after the first added to --seed),
                // starting from where the growth of the month before ended.
                for (var i = 0; i < parse.GetValue(months); i++)
                {
                    if (count > TrafficGenerator.MaxMeters)
                    {
                        return SecPanelCommand.Fail(stderr, $"--growth: the meters would pass {TrafficGenerator.MaxMeters:N0} in {m.PlusMonths(i):uuuu-MM}; fewer months or less growth");
                    }

                    var options = new GeneratorOptions(m.PlusMonths(i), (int)count, unchecked(parse.GetValue(seed) + (ulong)i)) { GrowthPerMille = (int)perMille };
                    written.AddRange(TrafficGenerator.Write(options, rules.TargetResponseTimes, folder, new ProgressLines(stderr)));
                    count += count * (int)perMille / 1_000;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return SecPanelCommand.Fail(stderr, $"--out: cannot write '{folder}': {e.Message}");
            }

            stdout.WriteLine($"{written.Count} files in {folder}");
            return SecPanelCommand.Ok;
        })));
        return command;
    }

    /// <summary>
    /// A line on standard error every few seconds while logs are read, so that a national month
    /// (minutes of reading) shows it is moving; a run shorter than that prints nothing.
    /// </summary>
    private sealed class ReadingLines(TextWriter stderr) : IProgress<TrafficProgress>
    {
        private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private TimeSpan last = TimeSpan.Zero;

        public void Report(TrafficProgress value)
        {
            var now = watch.Elapsed;
            var done = value.PartsRead == value.Parts;
            if (now - last < Every && !(done && last > TimeSpan.Zero))
            {
                return;
            }

            last = now;
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"secpanel: read {value.PartsRead:N0} of {value.Parts:N0} files and parts of files, {value.BytesRead / 1e6:N0} of {value.Bytes / 1e6:N0} MB, in {now.TotalSeconds:F1} s"));
        }
    }

    /// <summary>A line on standard error per day written: days done, messages so far and their rate.</summary>
    private sealed class ProgressLines(TextWriter stderr) : IProgress<GeneratorProgress>
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();

        public void Report(GeneratorProgress value)
        {
            var seconds = Math.Max(watch.Elapsed.TotalSeconds, 0.001);
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"secpanel: {value.DaysWritten} of {value.Days} days written, {value.Messages:N0} messages and {value.Csrs:N0} CSRs in {seconds:F1} s ({value.Messages / seconds:N0} messages/s)"));
        }
    }

    /// <summary>The month of <c>--month</c>, if given (null if not); false, said on standard error, when it is not a month.</summary>
    private static bool TryChosen(ParseResult parse, Option<string?> option, TextWriter stderr, out YearMonth? chosen)
    {
        chosen = null;
        if (parse.GetValue(option) is not { } text)
        {
            return true;
        }

        if (!TryMonth(text, stderr, out var month))
        {
            return false;
        }

        chosen = month;
        return true;
    }

    private static Option<string> FormatOption() => new Option<string>("--format") { Description = "Output format: table or json.", DefaultValueFactory = _ => "table" }.OneOf("table", "json");

    private static Option<bool> StrictOption() => new("--strict") { Description = "Make any bad row fatal (exit 2) instead of counting and reporting it." };

    private static bool TryMonth(string text, TextWriter stderr, out YearMonth month)
    {
        var parsed = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM").Parse(text);
        month = parsed.Success ? parsed.Value : default;
        if (!parsed.Success)
        {
            SecPanelCommand.Fail(stderr, $"--month: '{text}' is not a month of the form YYYY-MM");
            return false;
        }

        // Log times are counted in milliseconds from 1970; the last year kept is SecPanel's own.
        if (month.Year < 1970 || !SupportedDates.Contains(month.Year))
        {
            SecPanelCommand.Fail(stderr, $"--month: '{text}' is outside the months of message logs: 1970-01 to {SupportedDates.Last:uuuu-MM}");
            return false;
        }

        return true;
    }
}
