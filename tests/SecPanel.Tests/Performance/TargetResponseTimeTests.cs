using SecPanel.Performance;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Performance;

public sealed class TargetResponseTimeTests
{
    [Fact]
    public void ShippedTable_GivesEachCategoryItsMeasure()
    {
        Assert.Equal(["on-demand CPM1 30000", "future-dated CPM2 30000", "alert CPM3 60000", "csr CPM7 60000"],
            Rules.Shipped.TargetResponseTimes.All.Select(t => $"{t.Category.Key()} {t.Measure} {t.TargetMilliseconds}"));
    }

    [Fact]
    public void BadTable_IsRefusedWithEveryProblemLocated()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(Path.Combine(folder.Path, TargetResponseTimes.File),
            ["category,measure,target_seconds", "on-demand,CPM1,30", "on-demand,CPM1,20", "future-dated,CPM99,30", "alert,CPM3,0", "urgent,CPM1,5", "csr,CPM1,60"]);
        var loaded = TargetResponseTimes.Load(folder.Path, "mine", Rules.Shipped.Measures);
        Assert.Equal(
            [
                "mine/target-response-times.csv:3: field 'category': the category 'on-demand' is listed twice",
                "mine/target-response-times.csv:4: field 'measure': unknown measure 'CPM99'; the measures are in performance-measures.csv",
                "mine/target-response-times.csv:5: field 'target_seconds': 0 is not from 1 to 86400 seconds",
                "mine/target-response-times.csv:6: field 'category': unknown category 'urgent'; the categories are on-demand, future-dated, alert, csr",
                "mine/target-response-times.csv:7: field 'measure': CPM1 already counts the category 'on-demand'; each measure counts one category",
            ],
            loaded.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void RuleBook_RefusesABadTable_WithTheOtherRuleFiles()
    {
        // The table is a rule file like the others: a data folder with a bad one is refused whole, every command with it.
        using var data = new TempFolder().CopyFrom(Repo.Data);
        File.WriteAllText(Path.Combine(data.Path, TargetResponseTimes.File), "category,measure,target_seconds\non-demand,CPM1,30\nfuture-dated,CPM2,thirty\nalert,CPM3,60\ncsr,CPM7,60\n");
        var result = RuleBook.Load(data.Path, "data");
        Assert.Equal(["data/target-response-times.csv:3: field 'target_seconds': 'thirty' is not a whole number (write digits only, without separators)"], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void RuleBook_WithoutTheTable_SaysTheFileIsMissing()
    {
        using var data = new TempFolder().CopyFrom(Repo.Data);
        File.Delete(Path.Combine(data.Path, TargetResponseTimes.File));
        var result = RuleBook.Load(data.Path, "data");
        Assert.Equal(["data/target-response-times.csv: file not found"], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void RuleBook_MeasureRemovedFromTheCatalogueOfMeasures_IsRefusedAtTheTable()
    {
        // A measure a Target Response Time counts towards cannot be taken out of performance-measures.csv under it.
        using var data = new TempFolder().CopyFrom(Repo.Data);
        var measures = Path.Combine(data.Path, RuleBook.MeasuresFile);
        File.WriteAllLines(measures, File.ReadAllLines(measures).Where(l => !l.StartsWith("CPM7,", StringComparison.Ordinal)));
        var result = RuleBook.Load(data.Path, "data");
        Assert.Equal(["data/target-response-times.csv:5: field 'measure': unknown measure 'CPM7'; the measures are in performance-measures.csv"], result.Problems.Select(p => p.ToString()));
    }
}
