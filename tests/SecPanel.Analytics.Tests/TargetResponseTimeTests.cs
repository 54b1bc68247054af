using SecPanel.Analytics.Figures;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

public sealed class TargetResponseTimeTests
{
    [Fact]
    public void ShippedTable_GivesEachCategoryItsMeasure()
    {
        Assert.Equal(["on-demand CPM1 30000", "future-dated CPM2 30000", "alert CPM3 60000", "csr CPM7 60000"],
            Traffic.Targets.All.Select(t => $"{t.Category.Key()} {t.Measure} {t.TargetMilliseconds}"));
    }

    [Fact]
    public void BadTable_IsRefusedWithEveryProblemLocated()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(Path.Combine(folder.Path, TargetResponseTimes.File),
            ["category,measure,target_seconds", "on-demand,CPM1,30", "on-demand,CPM1,20", "future-dated,CPM99,30", "alert,CPM3,0", "urgent,CPM1,5"]);
        var loaded = TargetResponseTimes.Load(folder.Path, "mine", Traffic.Rules.Measures);
        Assert.Equal(
            [
                "mine/target-response-times.csv:3: field 'category': the category 'on-demand' is listed twice",
                "mine/target-response-times.csv:4: field 'measure': unknown measure 'CPM99'; the measures are in performance-measures.csv",
                "mine/target-response-times.csv:5: field 'target_seconds': 0 is not from 1 to 86400 seconds",
                "mine/target-response-times.csv:6: field 'category': unknown category 'urgent'; the categories are on-demand, future-dated, alert, csr",
            ],
            loaded.Problems.Select(p => p.ToString()));
    }
}
