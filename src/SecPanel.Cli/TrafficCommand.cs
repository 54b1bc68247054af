using System.CommandLine;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Generation;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;

namespace SecPanel.Cli;

/// <summary>The <c>traffic</c> commands: analyse a month of DCC message logs into the report figures, or generate a synthetic month.</summary>
internal static class TrafficCommand
{
    public static Command Create(Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var traffic = new Command("traffic", "DCC traffic logs: analyse a month into the report figures (H3.24, L8.9, CPM 1, 2, 3, 7, messages per minute), or generate a synthetic month.");
        traffic.Subcommands.Add(Analyse(dataOption, stdout, stderr));
        traffic.Subcommands.Add(Generate(dataOption, stdout, stderr));
        return traffic;
    }

    private static Command Analyse(Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "The folder of log files: <kind>-YYYY-MM-DD.csv or <kind>-YYYY-MM.csv, .gz allowed (docs/traffic.md)." };
        var month = new Option<string?>("--month") { Description = "The month to analyse (YYYY-MM). Default: the one month the folder holds." };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var strict = new Option<bool>("--strict") { Description = "Make any bad row fatal (exit 2) instead of counting and reporting it." };
        var command = new Command("analyse", "Analyse a month of traffic logs: Service Requests and CSRs against forecast with their exceptions, service levels within the Target Response Times, messages per minute.")
        {
            folder, month, format, strict,
        };
        command.SetAction(parse => WithTargets(parse.GetValue(dataOption), stderr, (rules, targets) =>
        {
            YearMonth? chosen = null;
            if (parse.GetValue(month) is { } text)
            {
                if (!TryMonth(text, stderr, out var m))
                {
                    return SecPanelCommand.UsageOrInputError;
                }

                chosen = m;
            }

            var path = parse.GetValue(folder)!;
            var files = LogFile.InFolder(path);
            if (!files.Succeeded)
            {
                return SecPanelCommand.Fail(stderr, files.Problems);
            }

            var analysed = TrafficAnalyser.MonthOf(files.Value, chosen, path);
            if (!analysed.Succeeded)
            {
                return SecPanelCommand.Fail(stderr, analysed.Problems);
            }

            var isStrict = parse.GetValue(strict);
            var report = new TrafficAnalyser(rules, targets, isStrict).Analyse(files.Value, analysed.Value);
            if (!report.Succeeded)
            {
                return SecPanelCommand.Fail(stderr, report.Problems);
            }

            var bad = report.Value.Files.SelectMany(f => f.FirstBadRows).ToList();
            if (isStrict && bad.Count > 0)
            {
                return SecPanelCommand.Fail(stderr, $"--strict: a bad row: {bad[0]}");
            }

            if (report.Value.BadRows > 0)
            {
                stderr.WriteLine($"secpanel: {report.Value.BadRows.ToString("N0", CultureInfo.InvariantCulture)} bad rows left out (the first of each file shown):");
                foreach (var problem in bad)
                {
                    stderr.WriteLine($"  {problem}");
                }
            }

            stdout.Write(parse.GetValue(format) == "json" ? TrafficJson.Write(report.Value) : TrafficText.Table(report.Value));
            return SecPanelCommand.Ok;
        }));
        return command;
    }

    private static Command Generate(Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var month = new Option<string>("--month") { Description = "The month to generate (YYYY-MM).", Required = true };
        var meters = new Option<int>("--meters") { Description = "Meters in the country; each sends about 28 messages a month.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "The seed: the same seed gives the same files.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The folder to write the logs into (created if need be).", Required = true };
        var command = new Command("generate", "Write a synthetic month of national DCC traffic: one file per kind per day and the month's forecasts, the same for the same seed.")
        {
            month, meters, seed, output,
        };
        command.SetAction(parse => WithTargets(parse.GetValue(dataOption), stderr, (_, targets) =>
        {
            if (!TryMonth(parse.GetValue(month)!, stderr, out var m))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            if (parse.GetValue(meters) is < 1 or > 1_000_000)
            {
                return SecPanelCommand.Fail(stderr, $"--meters: {parse.GetValue(meters)} is not from 1 to 1,000,000 (larger months come with the fast generator)");
            }

            var folder = parse.GetValue(output)!;
            var written = TrafficGenerator.Write(new GeneratorOptions(m, parse.GetValue(meters), parse.GetValue(seed)), targets, folder);
            stdout.WriteLine($"{written.Count} files in {folder}");
            return SecPanelCommand.Ok;
        }));
        return command;
    }

    private static int WithTargets(string? dataFolder, TextWriter stderr, Func<RuleBook, TargetResponseTimes, int> action)
    {
        // The same folder as the rule book: --data, else $SECPANEL_DATA, else the data installed with secpanel.
        var folder = dataFolder ?? Environment.GetEnvironmentVariable(SecPanelCommand.DataVariable) ?? Path.Combine(AppContext.BaseDirectory, "data");
        return SecPanelCommand.WithRules(folder, stderr, rules => action(rules, rules.TargetResponseTimes));
    }

    private static bool TryMonth(string text, TextWriter stderr, out YearMonth month)
    {
        var parsed = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM").Parse(text);
        month = parsed.Success ? parsed.Value : default;
        if (!parsed.Success)
        {
            SecPanelCommand.Fail(stderr, $"--month: '{text}' is not a month of the form YYYY-MM");
        }

        return parsed.Success;
    }
}
