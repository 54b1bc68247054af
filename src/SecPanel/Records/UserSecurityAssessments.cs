using SecPanel.Internals;
using SecPanel.Problems;

namespace SecPanel.Records;

/// <summary>
/// One line of the rule table that says which User Security Assessment a Party owes: for a role
/// (or <c>any</c>), whether the Party is a Shared Resource, a range of Domestic Premises (both ends
/// included; null for unbounded) and a year of the three-year cycle (null for any year). The first
/// line that matches decides. Defaults in <c>data/user-security-assessments.csv</c>.
/// </summary>
public sealed record UserSecurityAssessmentRule(int Line, string Role, bool SharedResource, long? MinPremises, long? MaxPremises, int? CycleYear, string Assessment, string Note)
{
    /// <summary>True when the rule applies to such a Party in such a year.</summary>
    public bool Matches(string role, bool sharedResource, long premises, int cycleYear) =>
        (Role == "any" || string.Equals(Role, role, StringComparison.OrdinalIgnoreCase))
        && SharedResource == sharedResource
        && (MinPremises is null || premises >= MinPremises)
        && (MaxPremises is null || premises <= MaxPremises)
        && (CycleYear is null || CycleYear == cycleYear);
}

/// <summary>The rule table of <see cref="UserSecurityAssessmentRule"/>s, in file order.</summary>
public sealed class UserSecurityAssessmentRules(IReadOnlyList<UserSecurityAssessmentRule> rules)
{
    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<UserSecurityAssessmentRule> All { get; } = rules;

    /// <summary>The rule that decides what such a Party owes in that year of its cycle, or null when none matches.</summary>
    public UserSecurityAssessmentRule? Owed(string role, bool sharedResource, long premises, int cycleYear) =>
        All.FirstOrDefault(r => r.Matches(role, sharedResource, premises, cycleYear));

    internal static Result<UserSecurityAssessmentRules> FromCsv(CsvFile csv)
    {
        var problems = new List<Problem>();
        var rules = new List<UserSecurityAssessmentRule>();
        foreach (var row in csv.Rows)
        {
            var before = problems.Count;
            var role = row.Text("role", problems);
            var shared = row.Text("shared_resource", problems);
            if (shared is not null and not "yes" and not "no")
            {
                problems.Add(row.ProblemAt("shared_resource", $"'{shared}' is neither yes nor no"));
            }

            var min = row.OptionalCount("min_domestic_premises", problems);
            var max = row.OptionalCount("max_domestic_premises", problems);
            if (min is { } lo && max is { } hi && lo > hi)
            {
                problems.Add(row.ProblemAt("max_domestic_premises", $"{hi} is below the minimum {lo}"));
            }

            var yearText = row.Text("cycle_year", problems);
            int? year = yearText switch
            {
                null or "any" => null,
                "1" => 1,
                "2" => 2,
                "3" => 3,
                _ => -1,
            };
            if (year == -1)
            {
                problems.Add(row.ProblemAt("cycle_year", $"'{yearText}' is not a year of the three-year cycle: 1, 2, 3 or any"));
            }

            var assessment = row.Text("assessment", problems);
            if (assessment is not null and not "FUSA" and not "VUSA" and not "SSA")
            {
                problems.Add(row.ProblemAt("assessment", $"unknown assessment '{assessment}'; the assessments are FUSA, VUSA, SSA"));
            }

            var key = role?.ToLowerInvariant();
            if (problems.Count == before && rules.FirstOrDefault(r => r.Role == key && r.SharedResource == (shared == "yes") && r.MinPremises == min && r.MaxPremises == max && r.CycleYear == year) is { } same)
            {
                problems.Add(row.ProblemAt("role", $"the same conditions are already given on line {same.Line}; the first line that matches decides, so this one would never apply"));
            }

            if (problems.Count == before)
            {
                rules.Add(new UserSecurityAssessmentRule(row.Line, key!, shared == "yes", min, max, year, assessment!, row["note"]));
            }
        }

        return Result<UserSecurityAssessmentRules>.From(new UserSecurityAssessmentRules(rules), problems);
    }
}
