using SecPanel.Internals;
using SecPanel.Records;
using Xunit;

namespace SecPanel.Tests.Records;

public class UserSecurityAssessmentRuleTests
{
    private static UserSecurityAssessmentRules Shipped => Rules.Shipped.UserSecurityAssessments;

    // Each row is a Party the SSC meets; the comment says which line of the shipped table decides and why.
    [Theory]
    [InlineData("supplier", true, 250_000, 1, "VUSA")] // Shared Resource at the threshold: the seed's June 2018 decision
    [InlineData("supplier", true, 250_001, 1, "FUSA")] // Shared Resource above it
    [InlineData("network-operator", true, 0, 2, "VUSA")] // a Shared Resource with no Domestic Premises of its own
    [InlineData("supplier", false, 120_000, 1, "FUSA")] // a small Supplier's cycle: FUSA, SSA, VUSA
    [InlineData("supplier", false, 120_000, 2, "SSA")]
    [InlineData("supplier", false, 120_000, 3, "VUSA")]
    [InlineData("Supplier", false, 250_001, 2, "VUSA")] // roles compare without case; a larger Supplier
    [InlineData("other-user", false, 0, 1, "FUSA")]
    public void Owed_FirstMatchingLineDecides(string role, bool shared, long premises, int year, string expected) =>
        Assert.Equal(expected, Shipped.Owed(role, shared, premises, year)!.Assessment);

    [Fact]
    public void Owed_NoMatchingLine_IsNull()
    {
        var csv = CsvFile.Parse("role,shared_resource,min_domestic_premises,max_domestic_premises,cycle_year,assessment\nsupplier,no,,,1,FUSA\n", "u.csv", RuleBook.UsaSpec.Required, RuleBook.UsaSpec.Optional).Value;
        var rules = UserSecurityAssessmentRules.FromCsv(csv).Value;
        Assert.Null(rules.Owed("supplier", false, 10, 2));
    }

    // Each malformed line is refused with its line and field.
    [Theory]
    [InlineData("supplier,maybe,,,1,FUSA", "u.csv:2: field 'shared_resource': 'maybe' is neither yes nor no")]
    [InlineData("supplier,no,10,5,1,FUSA", "u.csv:2: field 'max_domestic_premises': 5 is below the minimum 10")]
    [InlineData("supplier,no,,,4,FUSA", "u.csv:2: field 'cycle_year': '4' is not a year of the three-year cycle")]
    [InlineData("supplier,no,,,1,XUSA", "u.csv:2: field 'assessment': unknown assessment 'XUSA'")]
    [InlineData("supplier,no,,,1,FUSA\nsupplier,no,,,1,VUSA", "u.csv:3: field 'role': the same conditions are already given on line 2")]
    public void FromCsv_Malformed_IsRefused(string lines, string expected)
    {
        var csv = CsvFile.Parse("role,shared_resource,min_domestic_premises,max_domestic_premises,cycle_year,assessment\n" + lines + "\n", "u.csv", RuleBook.UsaSpec.Required, RuleBook.UsaSpec.Optional).Value;
        var result = UserSecurityAssessmentRules.FromCsv(csv);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith(expected, StringComparison.Ordinal));
    }
}

public class ActionOverdueTests
{
    [Fact]
    public void IsOverdueOn_AnActionDoneLater_WasOverdueOnADateBetween()
    {
        var due = new NodaTime.LocalDate(2018, 7, 31);
        var action = new CommitteeAction("OPSG", new NodaTime.LocalDate(2018, 6, 26), "A1", "t", "x", "DCC", due, true, ActionStatus.Done, new NodaTime.LocalDate(2018, 9, 10), Tlp.White, string.Empty);
        Assert.True(action.IsOverdueOn(new NodaTime.LocalDate(2018, 8, 15)));  // past due, not yet done
        Assert.False(action.IsOverdueOn(new NodaTime.LocalDate(2018, 7, 31))); // due that day
        Assert.False(action.IsOverdueOn(new NodaTime.LocalDate(2018, 9, 10))); // done that day
    }
}
