using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SecPanel.Samples;

namespace SecPanel.Cli;

/// <summary>The <c>sample</c> commands: generate a realistic workspace of years of meetings, reports and records.</summary>
internal static class SampleCommand
{
    public static Command Create(Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var sample = new Command("sample", "Sample workspaces: generate years of meetings, DCC reports and committee records as a case folder.");
        sample.Subcommands.Add(Generate(dataOption, stdout, stderr));
        return sample;
    }

    private static Command Generate(Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var years = new Option<int>("--years") { Description = "Years of monthly meetings, ending with --end.", Required = true }.Within(1, SampleOptions.MaxYears);
        var users = new Option<int>("--users") { Description = "Users sending Service Requests; one in ten also sends CSRs.", Required = true }.Within(1, SampleOptions.MaxUsers, "the real number is in the hundreds");
        var seed = new Option<ulong>("--seed") { Description = "The seed: the same seed gives the same files.", DefaultValueFactory = _ => 1 }.Within(ulong.MinValue, ulong.MaxValue);
        var end = new Option<string>("--end") { Description = $"The last month (YYYY-MM). Default: {Month(SampleOptions.DefaultEnd)}, whatever today is." };
        var output = new Option<string>("--out") { Description = "The folder to write (created if need be; must be empty).", Required = true };
        var command = new Command("generate", "Write a workspace that secpanel import reads: every committee meeting monthly, every DCC report of the rule data delivered for each period (some late, a few missing) with its figures, and the committees' records at every classification level; the same for the same options.")
        {
            years, users, seed, end, output,
        };
        command.SetAction(parse => SecPanelCommand.WithRules(parse.GetValue(dataOption), stderr, rules =>
        {
            var last = SampleOptions.DefaultEnd;
            if (parse.GetValue(end) is { } text)
            {
                var parsed = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM").Parse(text);
                if (!parsed.Success)
                {
                    return SecPanelCommand.Fail(stderr, $"--end: '{text}' is not a month of the form YYYY-MM");
                }

                last = parsed.Value;
            }

            var options = new SampleOptions(parse.GetValue(years), parse.GetValue(users), parse.GetValue(seed), last);
            if (options.Problem() is { } problem)
            {
                return SecPanelCommand.Fail(stderr, $"--end: {problem}");
            }

            var folder = parse.GetValue(output)!;
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return SecPanelCommand.Fail(stderr, $"--out: '{folder}' is not empty; generate into a new folder");
            }

            if (Places.ToWriteInto(folder, "--out") is { } unusable)
            {
                return SecPanelCommand.Fail(stderr, unusable);
            }

            IReadOnlyList<SampleFile> written;
            try
            {
                written = SampleWorkspace.Write(options, rules, folder, new ProgressLines(stderr));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return SecPanelCommand.Fail(stderr, $"--out: cannot write '{folder}': {Places.Reason(e)}");
            }

            stdout.WriteLine($"{folder}: {options.Years * 12} months, {Month(options.First)} to {Month(options.End)}, {options.Users.ToString("N0", CultureInfo.InvariantCulture)} Users, seed {options.Seed}");
            foreach (var file in written)
            {
                stdout.WriteLine($"  {file.Name,-30} {file.Rows.ToString("N0", CultureInfo.InvariantCulture),12}");
            }

            return SecPanelCommand.Ok;
        }));
        return command;
    }

    private static string Month(YearMonth month) => YearMonthPattern.Iso.Format(month);

    /// <summary>A line on standard error per year written: the months done, the rows so far and their rate.</summary>
    private sealed class ProgressLines(TextWriter stderr) : IProgress<SampleProgress>
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();

        public void Report(SampleProgress value)
        {
            if (value.Month.Month != 12 && value.MonthsWritten != value.Months)
            {
                return;
            }

            var seconds = Math.Max(watch.Elapsed.TotalSeconds, 0.001);
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"secpanel: {value.MonthsWritten} of {value.Months} months written, to {value.Month:uuuu-MM}: {value.Rows:N0} rows in {seconds:F1} s ({value.Rows / seconds:N0} rows/s)"));
        }
    }
}
