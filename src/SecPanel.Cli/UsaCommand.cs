using System.CommandLine;

namespace SecPanel.Cli;

/// <summary>The <c>usa</c> command: which User Security Assessment a Party owes, by the rule table in force.</summary>
internal static class UsaCommand
{
    public static Command Create(Option<string?> dataOption, TextWriter stdout, TextWriter stderr)
    {
        var role = new Option<string>("--role") { Description = "The Party's User role: supplier, network-operator, other-user, ...", Required = true };
        var premises = new Option<long>("--premises") { Description = "The Domestic Premises it supplies (0 for none).", Required = true }.Within(0, long.MaxValue);
        var year = new Option<int>("--year") { Description = "The year of its three-year assessment cycle: 1, 2 or 3.", Required = true }.Within(1, 3);
        var shared = new Option<bool>("--shared-resource") { Description = "The Party is a Shared Resource operating User Systems for others." };
        var command = new Command("usa", "Say which User Security Assessment (FUSA, VUSA or SSA) a Party owes, and by which rule (data/user-security-assessments.csv).")
        {
            role, premises, year, shared,
        };
        command.SetAction(parse => SecPanelCommand.WithRules(parse.GetValue(dataOption), stderr, rules =>
        {
            var (r, p, y) = (parse.GetValue(role)!, parse.GetValue(premises), parse.GetValue(year));
            var rule = rules.UserSecurityAssessments.Owed(r, parse.GetValue(shared), p, y);
            if (rule is null)
            {
                return SecPanelCommand.Fail(stderr, $"no rule of {RuleBook.UserSecurityAssessmentFile} matches; add one for this case");
            }

            stdout.WriteLine(rule.Assessment);
            stdout.WriteLine($"  by {RuleBook.UserSecurityAssessmentFile} line {rule.Line}: {rule.Note}");
            return SecPanelCommand.Ok;
        }));
        return command;
    }
}
