using NodaTime;
using SecPanel.Samples;

namespace SecPanel.Testing;

/// <summary>Generated workspaces the tests share: made once a run, in a temporary folder left for the system to clear.</summary>
internal static class Workspaces
{
    private static readonly Lazy<string> OneYear = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("secpanel-workspace-").FullName;
        var rules = RuleBook.Load(Repo.Data, Repo.Data);
        SampleWorkspace.Write(new SampleOptions(1, 12, 7, new YearMonth(2026, 10)), rules.Value, folder);
        return folder;
    });

    /// <summary>A year of every committee's records (at every level), deliveries and figures for 12 Users, ending October 2026, seed 7.</summary>
    public static string Year => OneYear.Value;
}
