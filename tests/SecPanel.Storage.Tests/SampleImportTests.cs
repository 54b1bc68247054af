using NodaTime;
using SecPanel.Assessment;
using SecPanel.Cases;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Records;
using SecPanel.Samples;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>A generated workspace imports into a fresh store with the bundled rules, on every provider, and assesses as its folder does.</summary>
public class SampleImportTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void GeneratedWorkspace_ImportsIntoAFreshStore_AndAssessesAsItsFolder(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        var rules = store.Rules();
        var folder = Path.Combine(fixture.Folder, "sample");
        var files = SampleWorkspace.Write(new SampleOptions(2, 50, 1, new YearMonth(2026, 10)), rules, folder);

        var outcome = store.Import(folder, new ImportOptions("analyst"));
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Problems.Take(20)));
        Assert.Equal(files.Sum(f => f.Rows), outcome.Counts.Sum(c => (long)c.Inserted));

        var fromFolder = CaseFolder.Load(folder, folder, rules).Value;
        foreach (var meeting in fromFolder.Meetings.Where(m => m.Committee == "OPSG" && m.Date.Year == 2026))
        {
            var stored = store.Assess("OPSG", meeting.Date);
            Assert.True(stored.Succeeded, string.Join("\n", stored.Problems));
            Assert.Equal(AssessmentJson.Write(new Assessor(rules).Assess(fromFolder, meeting)), AssessmentJson.Write(stored.Value));
        }

        // A paper from the store reads the figures of the year it reports on only, and is the paper of the whole case.
        var whole = store.Case().Case;
        foreach (var panel in fromFolder.Meetings.Where(m => m.Committee == "Panel" && m.Date.Year == 2026).Take(3))
        {
            foreach (var level in new[] { Tlp.White, Tlp.Red })
            {
                var request = new PaperRequest(58, panel.Date, 20, "Author", "SECAS Team", panel.Date, level);
                Assert.Equal(Markdown(new PaperComposer(rules, whole).Compose(request).Value), Markdown(new PaperComposer(rules, store.CaseFor(panel.Date).Case).Compose(request).Value));
            }
        }

        var again = store.Import(folder, new ImportOptions("analyst"));
        Assert.True(again.Succeeded, string.Join("\n", again.Problems.Take(20)));
        Assert.All(again.Counts, c => Assert.Equal((0, 0, 0), (c.Inserted, c.Updated, c.Deleted)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void APaperFromTheStore_DrawsChartedReportsFromTheirSums_AsFromTheirLines(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Testing.Repo.Sample, new ImportOptions("analyst")).Succeeded);

        // Nine months charted before the sample's judged reports: per-User lines and no total, a
        // User without a forecast in some months, and one month with no forecast at all.
        var folder = Path.Combine(fixture.Folder, "history");
        Directory.CreateDirectory(folder);
        var months = Enumerable.Range(0, 9).Select(i => new YearMonth(2017, 6).PlusMonths(i)).ToList();
        File.WriteAllText(Path.Combine(folder, "deliveries.csv"), "obligation,period,delivered\n" + string.Concat(months.Select(m => $"sr-variance,{m:yyyy-MM},2018-04-20\n")));
        File.WriteAllText(Path.Combine(folder, "variance.csv"), "obligation,period,user,sent,forecast\n" + string.Concat(months.Select((m, i) =>
            $"sr-variance,{m:yyyy-MM},A,{100 + i},{(i == 8 ? "" : (110 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))}\n"
            + $"sr-variance,{m:yyyy-MM},B,{1000 * (i + 1)},{(i % 3 == 0 ? "" : "900")}\n")));
        var imported = store.Import(folder, new ImportOptions("analyst"));
        Assert.True(imported.Succeeded, string.Join("\n", imported.Problems));

        var (rules, whole) = store.Case();
        var request = new PaperRequest(58, new LocalDate(2018, 7, 13), 20, "Author", "SECAS Team", new LocalDate(2018, 7, 6), Tlp.Red);
        var fromWhole = Markdown(new PaperComposer(rules, whole).Compose(request).Value);
        Assert.Equal(fromWhole, Markdown(new PaperComposer(rules, store.CaseFor(request.Date).Case).Compose(request).Value));
        Assert.Contains("1,100", fromWhole, StringComparison.Ordinal); // June 2017: 100 + 1,000 sent
    }

    private static string Markdown(Paper paper) => string.Join("\n---\n", new[] { paper.Body }.Concat(paper.Appendices).Select(MarkdownWriter.Write));
}
