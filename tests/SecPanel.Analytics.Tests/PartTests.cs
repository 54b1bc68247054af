using System.Text.Json.Nodes;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Internals;
using SecPanel.Analytics.Logs;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// A large file is read in parts on all cores: the parts cover every line once, so a month sent as
/// one file gives exactly the figures of the same month sent as day files, bad rows keep their lines,
/// and a value with a line break (which would make parts ambiguous) is a bad row.
/// </summary>
public sealed class PartTests : IDisposable
{
    private readonly TempFolder days = new();
    private readonly TempFolder month = new();
    private readonly IReadOnlyList<LogFile> dayFiles;

    public PartTests()
    {
        dayFiles = Traffic.Generate(days.Path, meters: 150, seed: 5);
        Join(dayFiles, month.Path);
    }

    /// <summary>Writes the month of <paramref name="dayFiles"/> into <paramref name="folder"/> as one file per kind: the header once, then every day's rows in order.</summary>
    private static void Join(IReadOnlyList<LogFile> dayFiles, string folder)
    {
        foreach (var kind in new[] { LogKind.ServiceRequests, LogKind.Alerts, LogKind.Csrs })
        {
            var lines = new List<string>();
            foreach (var file in dayFiles.Where(f => f.Kind == kind))
            {
                var text = File.ReadAllLines(file.Path);
                lines.AddRange(lines.Count == 0 ? text : text.Skip(1));
            }

            File.WriteAllLines(Path.Combine(folder, $"{kind.Prefix()}-2026-11.csv"), lines);
        }

        foreach (var file in dayFiles.Where(f => f.Kind is LogKind.SrForecasts or LogKind.CsrForecasts or LogKind.Outages))
        {
            File.Copy(file.Path, Path.Combine(folder, file.Name));
        }
    }

    public void Dispose()
    {
        days.Dispose();
        month.Dispose();
    }

    [Theory]
    [InlineData(97)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void AMonthFileReadInParts_GivesTheFiguresOfTheDayFiles(long partBytes)
    {
        var files = LogFile.InFolder(month.Path).Value;
        Assert.True(new FileInfo(MonthFile(LogKind.ServiceRequests)).Length > 4 * partBytes, "the test needs a file of several parts");
        var inParts = Analyse(files, partBytes);
        var whole = Analyse(files, long.MaxValue);

        Assert.Equal(TrafficJson.Write(whole), TrafficJson.Write(inParts));
        Assert.Equal(Figures(Analyse(dayFiles, long.MaxValue)), Figures(inParts));
        var summary = inParts.Files.Single(f => f.Name == "service-requests-2026-11.csv");
        Assert.Equal(File.ReadLines(MonthFile(LogKind.ServiceRequests)).LongCount() - 1, summary.Rows);
        Assert.Equal(0, inParts.BadRows);
    }

    [Theory]
    [InlineData(97)]
    [InlineData(1_000)]
    [InlineData(50_000)]
    public void BadRowsInLaterParts_AreLocatedOnTheirLinesInTheFile(long partBytes)
    {
        var path = MonthFile(LogKind.ServiceRequests);
        var lines = File.ReadAllLines(path);
        // Spoil rows early, in the middle and at the very end, each a different way.
        int[] spoiled = [3, lines.Length / 3, lines.Length / 2, (2 * lines.Length) / 3, lines.Length - 7, lines.Length];
        lines[spoiled[0] - 1] = Spoil(lines[spoiled[0] - 1], 4, "7");
        lines[spoiled[1] - 1] = Spoil(lines[spoiled[1] - 1], 1, "SUPP\"LIER");
        lines[spoiled[2] - 1] += ",extra";
        lines[spoiled[3] - 1] = Spoil(lines[spoiled[3] - 1], 1, "\"SUPPLIER-A");
        lines[spoiled[4] - 1] = Spoil(lines[spoiled[4] - 1], 6, "2026-11-02 10:00:00");
        lines[spoiled[5] - 1] = Spoil(lines[spoiled[5] - 1], 1, string.Empty);
        File.WriteAllLines(path, lines);
        var files = LogFile.InFolder(month.Path).Value;

        var inParts = Analyse(files, partBytes).Files.Single(f => f.Name == "service-requests-2026-11.csv");
        var whole = Analyse(files, long.MaxValue).Files.Single(f => f.Name == "service-requests-2026-11.csv");

        Assert.Equal(6, inParts.BadRows);
        Assert.Equal(spoiled, inParts.FirstBadRows.Select(p => p.Line!.Value));
        Assert.Equal(whole.FirstBadRows, inParts.FirstBadRows);
        Assert.Equal(whole.Rows, inParts.Rows);
    }

    [Fact]
    public void Progress_IsToldOfEveryPartRead_EndingWithEveryByte()
    {
        var files = LogFile.InFolder(month.Path).Value;
        var told = new Told();

        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets) { PartBytes = 4096, Progress = told }.Analyse(files, Traffic.November);

        Assert.True(report.Succeeded);
        var logs = files.Where(f => f.Kind is LogKind.ServiceRequests or LogKind.Alerts or LogKind.Csrs).ToList();
        var parts = logs.Sum(f => LogPart.Of(f, 4096).Count());
        var bytes = logs.Sum(f => new FileInfo(f.Path).Length);
        Assert.True(parts > 10, "the test needs files of several parts");
        Assert.Equal(Enumerable.Range(1, parts), told.Values.Select(v => v.PartsRead));
        Assert.All(told.Values, v => Assert.Equal((parts, bytes), (v.Parts, v.Bytes)));
        Assert.Equal(bytes, told.Values.Last().BytesRead);
    }

    [Fact]
    public void ALogHasOneRowALine_QuotesWrappingAValueAreTakenOff_AndNoQuoteSwallowsTheRowsAfterIt()
    {
        using var folder = new TempFolder();
        const string Times = "2026-11-02T10:00:00.000Z,2026-11-02T10:00:01.000Z";
        File.WriteAllText(
            Path.Combine(folder.Path, "csrs-2026-11-02.csv"),
            "\"id\",subscriber,certificate_kind,received,issued\n"
            + $"C1,\"SUB\",\"device\",{Times}\n"                 // 2: quotes wrapping values: SUB, device
            + $"C2,\"SUB\nB\",device,{Times}\n"                   // 3 and 4: a line break in quotes makes two lines, both bad
            + $"C3,SU\"B,device,{Times}\n"                          // 5: a stray quote: bad, and nothing after it swallowed
            + $"C4,\"SUB,B\",device,{Times}\n"                      // 6: a comma in quotes: a value too many
            + $"C5,SUB,device,{Times}\n");                         // 7: good

        var report = Traffic.Analyse(LogFile.InFolder(folder.Path).Value, Traffic.November);

        var file = Assert.Single(report.Files);
        Assert.Equal((6L, 4L), (file.Rows, file.BadRows));
        Assert.Equal(
            [
                "csrs-2026-11-02.csv:3: has 2 values but the header has 5 columns (a value cannot hold a comma or a line break, even in quotes)",
                "csrs-2026-11-02.csv:4: has 4 values but the header has 5 columns (a value cannot hold a comma or a line break, even in quotes)",
                "csrs-2026-11-02.csv:5: field 'subscriber': a quote inside a value; a log value may be wrapped in quotes but hold none",
                "csrs-2026-11-02.csv:6: has 6 values but the header has 5 columns (a value cannot hold a comma or a line break, even in quotes)",
            ],
            file.FirstBadRows.Select(p => p.ToString()));
        Assert.Equal(("SUB", 2L), (report.Subscribers.Single().Key, report.Subscribers.Single().Figure.Sent));
    }

    [Fact]
    public void AMonthGzipFile_DecompressedAheadOnAThreadOfItsOwn_GivesTheFiguresAndBadRowLinesOfThePlainFile()
    {
        // A month large enough that its service requests fill several of the read-ahead's 1 MiB blocks.
        using var bigDays = new TempFolder();
        using var big = new TempFolder();
        Join(Traffic.Generate(bigDays.Path, meters: 2500, seed: 9), big.Path);
        var path = Path.Combine(big.Path, "service-requests-2026-11.csv");
        var lines = File.ReadAllLines(path);
        lines[^2] = Spoil(lines[^2], 4, "7");
        File.WriteAllLines(path, lines);
        Assert.True(new FileInfo(path).Length > 6 << 20, "the test needs a file of several read-ahead blocks");
        var plain = Analyse(LogFile.InFolder(big.Path).Value, long.MaxValue);

        using (var output = new System.IO.Compression.GZipStream(File.Create(path + ".gz"), System.IO.Compression.CompressionLevel.Fastest))
        using (var input = File.OpenRead(path))
        {
            input.CopyTo(output);
        }

        File.Delete(path);
        var compressed = Analyse(LogFile.InFolder(big.Path).Value, long.MaxValue);

        Assert.Equal(Figures(plain), Figures(compressed));
        var (before, after) = (plain.Files.Single(f => f.Name.StartsWith("service-requests", StringComparison.Ordinal)), compressed.Files.Single(f => f.Name.StartsWith("service-requests", StringComparison.Ordinal)));
        Assert.Equal("service-requests-2026-11.csv.gz", after.Name);
        Assert.Equal((before.Rows, 1L, lines.Length - 1), (after.Rows, after.BadRows, after.FirstBadRows.Single().Line!.Value));
        Assert.Equal(before.FirstBadRows.Single().Message, after.FirstBadRows.Single().Message);
    }

    [Fact]
    public void ADamagedGzipFile_IsNamed_AndNothingIsCounted()
    {
        var path = MonthFile(LogKind.Alerts);
        using (var output = new System.IO.Compression.GZipStream(File.Create(path + ".gz"), System.IO.Compression.CompressionLevel.Fastest))
        using (var input = File.OpenRead(path))
        {
            input.CopyTo(output);
        }

        File.Delete(path);
        // Keep the gzip header and the first half, then spoil the rest.
        var bytes = File.ReadAllBytes(path + ".gz");
        for (var i = bytes.Length / 2; i < bytes.Length; i++)
        {
            bytes[i] = unchecked((byte)(i * 7));
        }

        File.WriteAllBytes(path + ".gz", bytes);

        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets).Analyse(LogFile.InFolder(month.Path).Value, Traffic.November);

        Assert.False(report.Succeeded);
        Assert.StartsWith("alerts-2026-11.csv.gz: damaged: the compressed data is corrupt (found by byte ", Assert.Single(report.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FilesThatWouldCountTheSameMessagesTwice_AreRefusedBeforeAnythingIsRead()
    {
        // The month's alerts beside the day files, and one day both plain and compressed.
        File.Copy(MonthFile(LogKind.Alerts), Path.Combine(days.Path, "alerts-2026-11.csv"));
        var day = Path.Combine(days.Path, "csrs-2026-11-04.csv");
        using (var output = new System.IO.Compression.GZipStream(File.Create(day + ".gz"), System.IO.Compression.CompressionLevel.Fastest))
        using (var input = File.OpenRead(day))
        {
            input.CopyTo(output);
        }

        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets).Analyse(LogFile.InFolder(days.Path).Value, Traffic.November);

        Assert.Equal(
            [
                "alerts-2026-11.csv: the whole month's alerts beside 30 day files of the same month (alerts-2026-11-01.csv, ...) would count their messages twice: keep the month file or the day files",
                "csrs-2026-11-04.csv.gz: csrs-2026-11-04.csv holds the same log: keep one of the two",
            ],
            report.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnEmptyFile_IsSaidToBeEmpty()
    {
        File.WriteAllText(MonthFile(LogKind.Csrs), string.Empty);

        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets).Analyse(LogFile.InFolder(month.Path).Value, Traffic.November);

        Assert.Equal("csrs-2026-11.csv:1: the file is empty, not even a header line; the columns are id,subscriber,certificate_kind,received,issued", Assert.Single(report.Problems).ToString());
    }

    [Fact]
    public void AGzipFile_IsReadWhole()
    {
        using var folder = new TempFolder();
        var files = Traffic.Generate(folder.Path, meters: 20, seed: 2);
        var path = Path.Combine(folder.Path, "alerts-2026-11.csv.gz");
        File.WriteAllBytes(path, new byte[10_000]);

        Assert.Single(LogPart.Of(LogFile.InFolder(folder.Path).Value.Single(f => f.Name.EndsWith(".gz", StringComparison.Ordinal)), 100));
        Assert.Equal(3, LogPart.Of(files.First(f => f.Kind == LogKind.ServiceRequests), new FileInfo(files.First(f => f.Kind == LogKind.ServiceRequests).Path).Length / 3 + 1).Count());
    }

    [Fact]
    public void TheDayRememberingTimestampReader_AgreesWithTheFullParse()
    {
        // Runs of one day with now and then a character spoiled, as a log's rows come.
        var random = new Random(7);
        var reader = new TimestampReader();
        const string Digits = "0123456789:-.TZ x";
        for (var i = 0; i < 200_000; i++)
        {
            var day = 1 + (i / 5000 % 30);
            var chars = $"2026-11-{day:00}T{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}.{random.Next(1000):000}Z".ToCharArray();
            if (random.Next(10) == 0)
            {
                chars[random.Next(chars.Length)] = Digits[random.Next(Digits.Length)];
            }

            var text = new string(chars);
            var expected = Timestamp.TryParse(text, out var full);
            Assert.Equal(expected, reader.TryParse(text, out var remembered));
            Assert.Equal(expected ? full : 0, remembered);
        }
    }

    /// <summary>Keeps what progress was told, in the order it was told.</summary>
    private sealed class Told : IProgress<TrafficProgress>
    {
        public System.Collections.Concurrent.ConcurrentQueue<TrafficProgress> Values { get; } = new();

        public void Report(TrafficProgress value) => Values.Enqueue(value);
    }

    private static string Spoil(string line, int column, string value)
    {
        var values = line.Split(',');
        values[column] = value;
        return string.Join(',', values);
    }

    private string MonthFile(LogKind kind) => Path.Combine(month.Path, $"{kind.Prefix()}-2026-11.csv");

    private static TrafficReport Analyse(IReadOnlyList<LogFile> files, long partBytes)
    {
        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets) { PartBytes = partBytes }.Analyse(files, Traffic.November);
        Assert.True(report.Succeeded, string.Join("\n", report.Problems));
        return report.Value;
    }

    /// <summary>The report's JSON without the files read: the figures alone.</summary>
    private static string Figures(TrafficReport report)
    {
        var json = JsonNode.Parse(TrafficJson.Write(report))!.AsObject();
        json.Remove("files");
        return json.ToJsonString();
    }
}
