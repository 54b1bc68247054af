using System.CommandLine;
using SecPanel.Cases;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Records;

namespace SecPanel.Cli;

/// <summary>The <c>paper</c> command: the Panel's Sub-Committee Report, from the store or a case folder.</summary>
internal static class PaperCommand
{
    public static Command Create(StoreCommands store, Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var caseArgument = new Argument<string?>("case-folder") { Description = "A case folder with committee records; without it, the store.", Arity = ArgumentArity.ZeroOrOne };
        var panel = new Option<int>("--panel-meeting") { Description = "The Panel meeting's number, such as 58 (1 to 9,999).", Required = true }.Within(1, 9999);
        var date = new Option<string>("--date") { Description = "The Panel meeting's date (YYYY-MM-DD); a Panel meeting must be recorded on it.", Required = true };
        var number = new Option<int>("--paper") { Description = "The paper's number at that meeting, such as 20 (1 to 999).", Required = true }.Within(1, 999);
        var output = new Option<string>("--out") { Description = "The folder to write the paper and its appendices into (created if need be).", Required = true };
        var author = new Option<string>("--author") { Description = "Who wrote the paper, printed above the team. Default: none (the team signs).", DefaultValueFactory = _ => string.Empty };
        var team = new Option<string>("--team") { Description = "The author's team.", DefaultValueFactory = _ => "SECAS Team" };
        var issued = new Option<string?>("--issued") { Description = "When the paper was written (YYYY-MM-DD). Default: the Panel meeting's date." };
        var level = new Option<string>("--level") { Description = "The paper's classification: WHITE (public), GREEN, AMBER or RED.", DefaultValueFactory = _ => "WHITE" };
        var chartMonths = new Option<int>("--chart-months")
        {
            Description = $"How many of the twelve months to a report a figure needs data for to be drawn as a chart (1 to 12); the others go into one table. Default: {PaperRequest.DefaultChartMonths}.",
            DefaultValueFactory = _ => PaperRequest.DefaultChartMonths,
        }.Within(1, 12);
        var forecastQuality = new Option<bool>("--forecast-quality") { Description = "Add how well each User forecast its SR and CSR volumes over the twelve months before the paper, under OPSG's DCC reporting: the counts in the body, the worst ten Users named at GREEN (in the body of a GREEN paper, else in the GREEN appendix)." };
        var command = new Command("paper", "Build the SEC Panel Sub-Committee Report (DOCX, HTML, Markdown) for the sub-committee meetings since the previous Panel meeting, with an appendix for each classification above the paper's.")
        {
            caseArgument, panel, date, number, output, author, team, issued, level, chartMonths, forecastQuality,
        };
        command.SetAction(parse =>
        {
            if (!SecPanelCommand.TryDate(parse.GetValue(date)!, "--date", stderr, out var day) || !SecPanelCommand.TryDate(parse.GetValue(issued) ?? parse.GetValue(date)!, "--issued", stderr, out var written))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            if (!Tlps.TryParse(parse.GetValue(level)!, out var tlp))
            {
                return SecPanelCommand.Fail(stderr, $"--level: '{parse.GetValue(level)}' is not RED, AMBER, GREEN or WHITE");
            }

            var request = new PaperRequest(parse.GetValue(panel), day, parse.GetValue(number), parse.GetValue(author)!, parse.GetValue(team)!, written, tlp) { ChartMonths = parse.GetValue(chartMonths) };
            var withQuality = parse.GetValue(forecastQuality);
            int Build(RuleBook rules, AssessmentCase workspace, Func<RuleBook, IReadOnlyList<ForecastQualityPart>> parts)
            {
                var paper = new PaperComposer(rules, workspace).Compose(withQuality ? request with { ForecastQuality = parts(rules) } : request);
                if (!paper.Succeeded)
                {
                    return SecPanelCommand.Fail(stderr, paper.Problems);
                }

                var folder = parse.GetValue(output)!;
                if (Places.ToWriteInto(folder, "--out") is { } unusable)
                {
                    return SecPanelCommand.Fail(stderr, unusable);
                }

                var documents = new[] { paper.Value.Body }.Concat(paper.Value.Appendices).ToList();
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (var document in documents)
                {
                    File.WriteAllBytes(Path.Combine(folder, document.FileStem + ".docx"), DocxWriter.Write(document));
                    File.WriteAllText(Path.Combine(folder, document.FileStem + ".html"), HtmlWriter.Write(document));
                    File.WriteAllText(Path.Combine(folder, document.FileStem + ".md"), MarkdownWriter.Write(document));
                    written.UnionWith(Outputs.Select(extension => document.FileStem + extension));
                    stdout.WriteLine($"{document.FileStem} ({document.Level.Title()}): .docx .html .md in {folder}");
                }

                // An appendix of an earlier run of this paper that this run no longer has must not sit
                // beside the new paper. Only this paper's own file names are touched: another paper
                // whose reference merely starts the same (SECP_58_1307_20 beside SECP_58_1307_2) is not.
                foreach (var stale in StaleAppendices(folder, request.Reference, written))
                {
                    File.Delete(Path.Combine(folder, stale));
                    stdout.WriteLine($"removed {stale}: an appendix of an earlier run of {request.Reference} that this run does not have");
                }

                return SecPanelCommand.Ok;
            }

            var caseFolder = parse.GetValue(caseArgument);
            if (caseFolder is null)
            {
                return store.WithStore(parse, db =>
                {
                    var (rules, workspace) = db.CaseFor(day);
                    return Build(rules, workspace, r => Server.ForecastQualityReport.PaperParts(db, r, day));
                });
            }

            var caseRules = Path.Combine(caseFolder, CaseFolder.RulesFolder);
            return SecPanelCommand.WithRules(parse.GetValue(dataOption) ?? (Directory.Exists(caseRules) ? caseRules : null), stderr, rules =>
            {
                var loaded = CaseFolder.Load(caseFolder, caseFolder, rules);
                return loaded.Succeeded ? Build(rules, loaded.Value, r => Server.ForecastQualityReport.PaperParts(loaded.Value, r, day)) : SecPanelCommand.Fail(stderr, loaded.Problems);
            });
        });
        return command;
    }

    private static readonly string[] Outputs = [".docx", ".html", ".md"];

    /// <summary>The files in <paramref name="folder"/> named exactly as an appendix of <paramref name="reference"/> (<c>_Appendix_</c>, one letter, .docx, .html or .md) that this run did not write.</summary>
    private static List<string> StaleAppendices(string folder, string reference, HashSet<string> written)
    {
        var prefix = reference + "_Appendix_";
        return [.. Directory.EnumerateFiles(folder, prefix + "*")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.Length > prefix.Length + 1
                && name.StartsWith(prefix, StringComparison.Ordinal)
                && char.IsAsciiLetterUpper(name[prefix.Length])
                && Outputs.Contains(name[(prefix.Length + 1)..], StringComparer.Ordinal)
                && !written.Contains(name))
            .Order(StringComparer.Ordinal)];
    }

}
