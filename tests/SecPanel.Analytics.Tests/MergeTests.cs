using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>Partial results of separate files (days) merge into exactly the result of the whole month.</summary>
public sealed class MergeTests
{
    [Fact]
    public void DayFilesAnalysedSeparatelyAndMerged_EqualTheMonthAnalysedAtOnce()
    {
        using var folder = new TempFolder();
        var files = Traffic.Generate(folder.Path, meters: 200, seed: 3);
        var analyser = new TrafficAnalyser(Traffic.Rules, Traffic.Targets);
        var forecasts = Forecasts.Read(files, Traffic.November).Value;
        var whole = analyser.Finish(analyser.Count(files, Traffic.November).Value, forecasts);

        var logs = files.Where(f => f.Kind is LogKind.ServiceRequests or LogKind.Alerts or LogKind.Csrs).ToList();
        Assert.Equal(90, logs.Count);
        // Merged in reverse order, one file at a time: merging is addition, so order cannot matter.
        var merged = new TrafficPartial(Traffic.November);
        foreach (var file in logs.AsEnumerable().Reverse())
        {
            merged.Merge(analyser.Count([file], Traffic.November).Value);
        }

        Assert.Equal(TrafficJson.Write(whole), TrafficJson.Write(analyser.Finish(merged, forecasts)));
        Assert.True(whole.Total.Sent > 0 && whole.System.Messages > 0);
    }

    [Fact]
    public void Merge_OfAnotherMonth_IsAProgrammingError()
    {
        var november = new TrafficPartial(Traffic.November);
        Assert.Throws<ArgumentException>(() => november.Merge(new TrafficPartial(new NodaTime.YearMonth(2026, 12))));
    }
}
