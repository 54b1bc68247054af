using NodaTime;
using SecPanel.Cases;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Testing;

namespace SecPanel.Papers.Tests;

/// <summary>The shipped rules and the bundled sample, and the text of rendered documents.</summary>
internal static class Workspace
{
    private static readonly Lazy<RuleBook> Book = new(() => RuleBook.Load(Repo.Data, "data").Value);

    public static RuleBook Rules => Book.Value;

    public static AssessmentCase Sample()
    {
        var loaded = CaseFolder.Load(Repo.Sample, "sample", Rules);
        return loaded.Succeeded ? loaded.Value : throw new InvalidOperationException(string.Join("\n", loaded.Problems));
    }

    /// <summary>
    /// The sample with a year of history: SR variance totals for every month from June 2017 (twelve
    /// months to May 2018) and CPM1 figures from August 2017 (nine months to April 2018), so that those
    /// two series have charts; the rest of the
    /// sample's figures still have one or two months each.
    /// </summary>
    public static AssessmentCase SampleWithHistory()
    {
        using var folder = new TempFolder().CopyFrom(Repo.Sample);
        var months = Enumerable.Range(0, 11).Select(i => new LocalDate(2017, 5, 1).PlusMonths(i)).ToList();
        File.AppendAllLines(Path.Combine(folder.Path, "variance.csv"), months.Skip(1).Select((m, i) => $"sr-variance,{m:uuuu-MM},,{400_000 + (i * 10_000)},{500_000 + (i * 5_000)}"));
        File.AppendAllLines(Path.Combine(folder.Path, "performance.csv"), months.Skip(3).Select((m, i) => $"pmr,{m:uuuu-MM},CPM1,{990_000 + i},1000000,,,,,"));
        // Each month's reports were delivered (on time, long before the meeting) except those the sample holds already, from March 2018.
        File.AppendAllLines(Path.Combine(folder.Path, "deliveries.csv"), months.Where(m => m < new LocalDate(2018, 3, 1)).SelectMany(m => new[]
        {
            $"sr-variance,{m:uuuu-MM},{m.PlusMonths(1).PlusDays(9):uuuu-MM-dd},,",
            $"pmr,{m:uuuu-MM},{m.PlusMonths(2):uuuu-MM-dd},,",
        }));
        var loaded = CaseFolder.Load(folder.Path, "sample", Rules);
        return loaded.Succeeded ? loaded.Value : throw new InvalidOperationException(string.Join("\n", loaded.Problems));
    }

    public static PaperRequest July2018 => new(58, new LocalDate(2018, 7, 13), 20, "Hollie McGovern", "SECAS Team", new LocalDate(2018, 7, 6));

    public static Paper SamplePaper() => new PaperComposer(Rules, Sample()).Compose(July2018).Value;

    /// <summary>Every text a person could read in a document, in every format: Markdown, HTML, and the DOCX package's XML parts.</summary>
    public static IEnumerable<string> Renderings(PaperDocument document)
    {
        yield return MarkdownWriter.Write(document);
        yield return System.Net.WebUtility.HtmlDecode(HtmlWriter.Write(document));
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(DocxWriter.Write(document)));
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            yield return System.Net.WebUtility.HtmlDecode(reader.ReadToEnd());
        }
    }
}
