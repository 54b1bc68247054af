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
