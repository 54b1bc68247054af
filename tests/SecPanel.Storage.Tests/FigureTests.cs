using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>A month's traffic figures read back for the traffic page: the months that have them, and each month's lines.</summary>
public sealed class FigureTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TheMonthsWithFigures_AndAMonthsLines_AreThoseOfTheImportedFiles(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);

        // Worked out from the files themselves: the lines of the SR and CSR variance reports and the PMR.
        string[] traffic = ["sr-variance", "csr-variance", "pmr"];
        var variance = File.ReadAllLines(Path.Combine(Workspaces.Year, "variance.csv")).Skip(1).Select(l => l.Split(',')).Where(f => traffic.Contains(f[0])).ToList();
        var performance = File.ReadAllLines(Path.Combine(Workspaces.Year, "performance.csv")).Skip(1).Select(l => l.Split(',')).Where(f => traffic.Contains(f[0])).ToList();
        var months = variance.Concat(performance).Select(f => f[1]).Distinct().OrderDescending(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(months);
        Assert.Equal(months, store.FigureMonths());

        var month = months[months.Count / 2];
        var figures = store.FiguresOf(month);
        Assert.Equal(
            variance.Where(f => f[1] == month).Select(f => $"{f[0]}/{f[2]}/{f[3]}/{f[4]}").Order(StringComparer.Ordinal),
            figures.Variance.Select(v => $"{v["obligation"]}/{v["user"]}/{v["sent"]}/{v["forecast"]}").Order(StringComparer.Ordinal));
        Assert.Equal(
            performance.Where(f => f[1] == month).Select(f => f[2]).Order(StringComparer.Ordinal),
            figures.Performance.Select(p => p["measure"]!).Order(StringComparer.Ordinal));
        Assert.Empty(store.FiguresOf("1999-01").Variance);
    }
}
