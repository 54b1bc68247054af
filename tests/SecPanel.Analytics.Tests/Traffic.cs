using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Generation;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>The shipped rules and Target Response Times, and small generated months.</summary>
internal static class Traffic
{
    public static RuleBook Rules { get; } = RuleBook.Load(Repo.Data, "data").Value;

    public static TargetResponseTimes Targets => Rules.TargetResponseTimes;

    public static YearMonth November { get; } = new(2026, 11);

    /// <summary>Generates a month of <paramref name="meters"/> meters into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<LogFile> Generate(string folder, int meters = 300, ulong seed = 11, YearMonth? month = null, int parallelism = 0, int growthPerMille = 0)
    {
        TrafficGenerator.Write(new GeneratorOptions(month ?? November, meters, seed) { Parallelism = parallelism, GrowthPerMille = growthPerMille }, Targets, folder);
        return LogFile.InFolder(folder).Value;
    }

    public static TrafficReport Analyse(IReadOnlyList<LogFile> files, YearMonth month, bool strict = false)
    {
        var report = new TrafficAnalyser(Rules, Targets, strict).Analyse(files, month);
        Assert.True(report.Succeeded, string.Join("\n", report.Problems));
        return report.Value;
    }
}
