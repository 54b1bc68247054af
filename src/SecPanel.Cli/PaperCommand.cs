using System.CommandLine;
using NodaTime;
using NodaTime.Text;
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
        var panel = new Option<int>("--panel-meeting") { Description = "The Panel meeting's number, such as 58.", Required = true };
        var date = new Option<string>("--date") { Description = "The Panel meeting's date (YYYY-MM-DD); a Panel meeting must be recorded on it.", Required = true };
        var number = new Option<int>("--paper") { Description = "The paper's number at that meeting, such as 20.", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to write the paper and its appendices into (created if need be).", Required = true };
        var author = new Option<string>("--author") { Description = "Who wrote the paper.", DefaultValueFactory = _ => "SECAS" };
        var team = new Option<string>("--team") { Description = "The author's team.", DefaultValueFactory = _ => "SECAS Team" };
        var issued = new Option<string?>("--issued") { Description = "When the paper was written (YYYY-MM-DD). Default: the Panel meeting's date." };
        var level = new Option<string>("--level") { Description = "The paper's classification: WHITE (public), GREEN, AMBER or RED.", DefaultValueFactory = _ => "WHITE" };
        var command = new Command("paper", "Build the SEC Panel Sub-Committee Report (DOCX, HTML, Markdown) for the sub-committee meetings since the previous Panel meeting, with an appendix for each classification above the paper's.")
        {
            caseArgument, panel, date, number, output, author, team, issued, level,
        };
        command.SetAction(parse =>
        {
            if (!TryDate(parse.GetValue(date)!, "--date", stderr, out var day) || !TryDate(parse.GetValue(issued) ?? parse.GetValue(date)!, "--issued", stderr, out var written))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            if (!Tlps.TryParse(parse.GetValue(level)!, out var tlp))
            {
                return SecPanelCommand.Fail(stderr, $"--level: '{parse.GetValue(level)}' is not RED, AMBER, GREEN or WHITE");
            }

            var request = new PaperRequest(parse.GetValue(panel), day, parse.GetValue(number), parse.GetValue(author)!, parse.GetValue(team)!, written, tlp);
            int Build(RuleBook rules, AssessmentCase workspace)
            {
                var paper = new PaperComposer(rules, workspace).Compose(request);
                if (!paper.Succeeded)
                {
                    return SecPanelCommand.Fail(stderr, paper.Problems);
                }

                var folder = parse.GetValue(output)!;
                Directory.CreateDirectory(folder);

                // An appendix of an earlier run that this one no longer has must not sit beside the new paper.
                foreach (var stale in Directory.EnumerateFiles(folder, request.Reference + "*").Where(f => f.EndsWith(".docx", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal)))
                {
                    File.Delete(stale);
                }
                foreach (var document in new[] { paper.Value.Body }.Concat(paper.Value.Appendices))
                {
                    File.WriteAllBytes(Path.Combine(folder, document.FileStem + ".docx"), DocxWriter.Write(document));
                    File.WriteAllText(Path.Combine(folder, document.FileStem + ".html"), HtmlWriter.Write(document));
                    File.WriteAllText(Path.Combine(folder, document.FileStem + ".md"), MarkdownWriter.Write(document));
                    stdout.WriteLine($"{document.FileStem} ({document.Level.Title()}): .docx .html .md in {folder}");
                }

                return SecPanelCommand.Ok;
            }

            var caseFolder = parse.GetValue(caseArgument);
            if (caseFolder is null)
            {
                return store.WithWorkspace(parse, Build);
            }

            var caseRules = Path.Combine(caseFolder, CaseFolder.RulesFolder);
            return SecPanelCommand.WithRules(parse.GetValue(dataOption) ?? (Directory.Exists(caseRules) ? caseRules : null), stderr, rules =>
            {
                var loaded = CaseFolder.Load(caseFolder, caseFolder, rules);
                return loaded.Succeeded ? Build(rules, loaded.Value) : SecPanelCommand.Fail(stderr, loaded.Problems);
            });
        });
        return command;
    }

    private static bool TryDate(string text, string option, TextWriter stderr, out LocalDate date)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        date = parsed.Success ? parsed.Value : default;
        if (!parsed.Success)
        {
            SecPanelCommand.Fail(stderr, $"{option}: '{text}' is not a date of the form YYYY-MM-DD");
        }

        return parsed.Success;
    }
}
