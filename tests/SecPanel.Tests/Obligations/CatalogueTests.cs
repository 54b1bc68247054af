using SecPanel.Obligations;
using SecPanel.Periods;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Obligations;

public class CatalogueTests
{
    [Fact]
    public void ShippedCatalogue_HoldsTheSevenReportsOfTheSeed_InThePapersOrder()
    {
        Assert.Equal(
            ["pmr", "comms-hub-returns", "network-enhancement", "rdp-incidents", "csr-variance", "sr-variance", "quarterly-problem"],
            Rules.Shipped.Catalogue.All.Select(o => o.Key));
        var pmr = Rules.Shipped.Catalogue.Find("pmr")!;
        Assert.Equal("SEC H13.4 – Monthly 25 working days following end of month", pmr.DeliveryRule);
        Assert.Equal("SEC Appendix AG 2.5.10 – Monthly – timing not specified", Rules.Shipped.Catalogue.Find("rdp-incidents")!.DeliveryRule);
        Assert.Equal(Cadence.Quarterly, Rules.Shipped.Catalogue.Find("quarterly-problem")!.Cadence);
    }

    private const string Header = "key,name,sec_reference,cadence,deadline,content,counts\n";

    // Each malformed catalogue line is refused with the file, line and field.
    [Theory]
    [InlineData(Header + "pmr,PMR,H13.4,fortnightly,25 working days after period end,performance,\n", "c.csv:2: field 'cadence': unknown cadence 'fortnightly'")]
    [InlineData(Header + "pmr,PMR,H13.4,monthly,25 days after period end,performance,\n", "c.csv:2: field 'deadline': '25 days after period end' is not a deadline rule")]
    [InlineData(Header + "pmr,PMR,H13.4,monthly,timing not specified,pictures,\n", "c.csv:2: field 'content': unknown content kind 'pictures'")]
    [InlineData(Header + "pmr,PMR,H13.4,monthly,timing not specified,2,\n", "c.csv:2: field 'content': unknown content kind '2'")] // no enum numbers
    [InlineData(Header + "pmr,PMR,H13.4,monthly,timing not specified,\"variance, performance\",\n", "c.csv:2: field 'content': unknown content kind 'variance, performance'")]
    [InlineData(Header + "PMR!,PMR,H13.4,monthly,timing not specified,none,\n", "c.csv:2: field 'key': 'PMR!' is not a key")]
    [InlineData(Header + "pmr,PMR,,monthly,timing not specified,none,\npmr,Again,,monthly,timing not specified,none,\n", "c.csv:3: field 'key': 'pmr' is already the key of line 2")]
    [InlineData(Header + "sr,SR,H3.24,monthly,timing not specified,variance,\n", "c.csv:2: field 'counts': a variance report must say what it counts")]
    [InlineData(Header + ",PMR,H13.4,monthly,timing not specified,none,\n", "c.csv:2: field 'key': a value is required")]
    [InlineData("key,name,cadence,deadline,content\n", "c.csv:1: field 'sec_reference': required column is missing")]
    [InlineData("key,name,sec_reference,cadence,deadline,content,colour\n", "c.csv:1: field 'colour': unknown column")]
    [InlineData(Header, "c.csv: the catalogue lists no obligations")]
    public void Parse_Malformed_IsRefusedWithALocatedMessage(string text, string expected)
    {
        var result = ObligationCatalogue.Parse(text, "c.csv");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void RuleBook_VarianceRuleForAnUnknownObligation_IsRefused()
    {
        using var data = new TempFolder().CopyFrom(Repo.Data);
        File.AppendAllText(System.IO.Path.Combine(data.Path, "variance-rules.csv"), "alerts-variance,90,110,exception\n");
        var result = RuleBook.Load(data.Path, "data");
        Assert.Contains(result.Problems, p => p.ToString().StartsWith("data/variance-rules.csv:4: field 'obligation': unknown obligation 'alerts-variance'", StringComparison.Ordinal));
    }

    [Fact]
    public void RuleBook_MeasureWithMinimumAboveTarget_IsRefused()
    {
        using var data = new TempFolder().CopyFrom(Repo.Data);
        File.AppendAllText(System.IO.Path.Combine(data.Path, "performance-measures.csv"), "X1,DSP,Something,95,97\n");
        var result = RuleBook.Load(data.Path, "data");
        Assert.Contains(result.Problems, p => p.ToString() == "data/performance-measures.csv:10: field 'minimum': the minimum 97 is above the target 95");
    }
}
