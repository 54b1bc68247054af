using System.Diagnostics;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>A file or folder that cannot be used is an input error: exit 2, one line naming it, no stack trace.</summary>
public class FileSystemErrorTests
{
    private static void AssertRefused((int Code, string Out, string Err) run, string message)
    {
        Assert.Equal(2, run.Code);
        Assert.Equal($"secpanel: {message}\n", run.Err);
        Assert.DoesNotContain("exception", run.Err, StringComparison.OrdinalIgnoreCase);
    }

    private static string[] Paper(string output) => ["paper", Repo.Sample, "--panel-meeting", "58", "--date", "2018-07-13", "--paper", "2", "--out", output];

    [Fact]
    public void Paper_OutIsAFile_OrUnderAFile_OrCannotBeMade_IsAnInputError()
    {
        using var temp = new TempFolder();
        var file = temp.Write("afile", "mine");
        AssertRefused(Cli.Run(Paper(file)), $"--out: '{file}' is a file, not a folder");
        var sub = Path.Combine(file, "sub");
        AssertRefused(Cli.Run(Paper(sub)), $"--out: '{sub}' cannot be a folder: '{file}' is a file");
        Assert.Equal("mine", File.ReadAllText(file));
        if (OperatingSystem.IsLinux())
        {
            var (code, _, error) = Cli.Run(Paper("/proc/nope"));
            Assert.Equal(2, code);
            Assert.StartsWith("secpanel: --out: cannot create the folder '/proc/nope': ", error, StringComparison.Ordinal);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
        }
    }

    [Fact]
    public void Paper_AFileItCannotWrite_IsAnInputErrorNamingIt()
    {
        // A folder where the body's .docx would go: writing it fails part way, after the checks.
        using var temp = new TempFolder();
        var blocker = Path.Combine(temp.Path, "SECP_58_1307_2.docx");
        Directory.CreateDirectory(blocker);
        var (code, _, error) = Cli.Run(Paper(temp.Path));
        Assert.Equal(2, code);
        Assert.Contains(blocker, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void StoreCommands_OutOrDbInAPlaceThatCannotBe_AreInputErrorsNamingIt()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        var file = temp.Write("afile", "mine");
        var missing = Path.Combine(temp.Path, "nofolder");

        AssertRefused(Cli.Run("export", "--db", db, "--out", file), $"--out: '{file}' is a file, not a folder");
        AssertRefused(Cli.Run("export", "--db", db, "--out", Path.Combine(file, "sub")), $"--out: '{Path.Combine(file, "sub")}' cannot be a folder: '{file}' is a file");
        AssertRefused(Cli.Run("backup", "--db", db, "--out", temp.Path), $"--out: '{temp.Path}' is a folder; name a file");
        AssertRefused(Cli.Run("backup", "--db", db, "--out", Path.Combine(missing, "b.db")), $"--out: '{Path.Combine(missing, "b.db")}' cannot be written: the folder '{missing}' does not exist; create it first");
        AssertRefused(Cli.Run("copy", "--db", db, "--to", Path.Combine(missing, "c.db")), $"--to: '{Path.Combine(missing, "c.db")}' cannot be written: the folder '{missing}' does not exist; create it first");
        AssertRefused(Cli.Run("copy", "--db", db, "--to", temp.Path), $"--to: '{temp.Path}' is a folder; name a file");
        AssertRefused(Cli.Run("init", "--db", Path.Combine(missing, "x.db")), $"--db: '{Path.Combine(missing, "x.db")}' cannot be written: the folder '{missing}' does not exist; create it first");
        AssertRefused(Cli.Run("init", "--db", Path.Combine(file, "x.db")), $"--db: '{Path.Combine(file, "x.db")}' cannot be written: '{file}' is a file, not a folder");
        Assert.False(Directory.Exists(missing));
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void TrafficGenerate_OutUnderAFile_IsAnInputError()
    {
        using var temp = new TempFolder();
        var file = temp.Write("afile", "mine");
        var sub = Path.Combine(file, "sub");
        AssertRefused(Cli.Run("traffic", "generate", "--month", "2018-06", "--meters", "10", "--out", sub), $"--out: '{sub}' cannot be a folder: '{file}' is a file");
    }

    [Fact]
    public void DataOption_NamingAFile_IsAnInputError()
    {
        using var temp = new TempFolder();
        var file = temp.Write("afile", "mine");
        AssertRefused(Cli.Run("calendar", "2018", "--data", file), $"{file}: a file, not a data folder");
    }

    [Fact]
    public void Init_WithADataFolderThatIsNot_IsRefusedBeforeTheStoreIsMade()
    {
        using var temp = new TempFolder();
        var file = temp.Write("afile", "mine");
        var db = Path.Combine(temp.Path, "secpanel.db");
        AssertRefused(Cli.Run("init", "--db", db, "--data", file), $"{file}: a file, not a data folder");
        var missing = Path.Combine(temp.Path, "nodata");
        AssertRefused(Cli.Run("init", "--db", db, "--data", missing), $"{missing}: data folder not found");
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void FolderArguments_NamingAFile_SaySo()
    {
        using var temp = new TempFolder();
        var file = temp.Write("afile", "mine");
        Assert.Equal((2, $"secpanel: 1 problem found:\n  {file}: a file, not a case folder\n"), (Cli.Run("assess", file).Code, Cli.Run("assess", file).Err));
        Assert.Equal((2, $"secpanel: 1 problem found:\n  {file}: a file, not a folder of logs\n"), (Cli.Run("traffic", "analyse", file).Code, Cli.Run("traffic", "analyse", file).Err));
    }

    [Fact]
    public void Import_ACaseFileThatIsAFolder_IsALocatedProblem_NotSkipped()
    {
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        File.Delete(Path.Combine(temp.Path, "variance.csv"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "variance.csv"));
        var (code, output, error) = Cli.Run("import", temp.Path, "--db", db);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains($"{temp.Path}/variance.csv: a folder, not a file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ACaseFileThatIsAFolderOrUnreadable_IsALocatedProblem()
    {
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        File.Delete(Path.Combine(temp.Path, "variance.csv"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "variance.csv"));
        var (code, _, error) = Cli.Run("assess", temp.Path, "--committee", "OPSG");
        Assert.Equal(2, code);
        Assert.Contains($"{temp.Path}/variance.csv: a folder, not a file", error, StringComparison.Ordinal);

        if (OperatingSystem.IsLinux())
        {
            // A file that exists but cannot be read (root reads any file by its permissions, so a
            // link to one the kernel refuses to read whole stands in for it).
            Directory.Delete(Path.Combine(temp.Path, "variance.csv"));
            File.CreateSymbolicLink(Path.Combine(temp.Path, "variance.csv"), "/proc/self/mem");
            var unreadable = Cli.Run("assess", temp.Path, "--committee", "OPSG");
            Assert.Equal(2, unreadable.Code);
            Assert.Contains($"{temp.Path}/variance.csv: cannot be read: ", unreadable.Err, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("assess")]
    [InlineData("paper")]
    public void ACaseFileNamedNearlyRight_IsNamed_NotSkipped(string command)
    {
        // Before, assess and paper read a case without Deliveries.csv's lines, or without
        // "variance.csv "'s figures, and said nothing; import already refused them.
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        using var output = new TempFolder();
        File.Move(Path.Combine(temp.Path, "variance.csv"), Path.Combine(temp.Path, "variance.csv "));
        string[] args = command == "assess"
            ? ["assess", temp.Path, "--committee", "OPSG"]
            : ["paper", temp.Path, "--panel-meeting", "58", "--date", "2018-07-13", "--paper", "2", "--out", output.Path];
        var (code, stdout, error) = Cli.Run(args);
        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.Equal($"secpanel: 1 problem found:\n  {temp.Path}/variance.csv : is not a file SecPanel reads; did you mean 'variance.csv'? (names are matched exactly, in lower case, without spaces)\n", error);
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
    }

    /// <summary>How each command that reads case or rule files from disk is run on a folder <c>case</c> (the sample) and a folder <c>data</c> (the shipped rules) of a scratch folder.</summary>
    public static TheoryData<string, string, string> Readers => new()
    {
        // command line ({0} the scratch folder), the file made bad, how it is named
        { "assess {0}/case --committee OPSG", "case/variance.csv", "{0}/case/variance.csv" },
        { "paper {0}/case --panel-meeting 58 --date 2018-07-13 --paper 2 --out {0}/out", "case/variance.csv", "{0}/case/variance.csv" },
        { "import {0}/case --db {0}/s.db", "case/variance.csv", "{0}/case/variance.csv" },
        { "import {0}/case/variance.csv --db {0}/s.db", "case/variance.csv", "{0}/case/variance.csv" }, // one file
        { "assess {0}/case --committee OPSG --data {0}/data", "data/obligations.csv", "{0}/data/obligations.csv" },
        { "calendar 2018 --data {0}/data", "data/calendar/bank-holidays.csv", "{0}/data/calendar/bank-holidays.csv" },
        { "init --db {0}/new.db --data {0}/data", "data/committees.csv", "{0}/data/committees.csv" },
    };

    private static (int Code, string Out, string Err) RunOn(string line, string file, Action<string> spoil)
    {
        using var temp = new TempFolder();
        foreach (var (from, to) in new[] { (Repo.Sample, "case"), (Repo.Data, "data") })
        {
            foreach (var source in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(temp.Path, to, Path.GetRelativePath(from, source));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }

        Assert.Equal(0, Cli.Run("init", "--db", Path.Combine(temp.Path, "s.db")).Code);
        var path = Path.Combine(temp.Path, file);
        File.Delete(path);
        spoil(path);
        var run = Cli.Run(line.Replace("{0}", temp.Path, StringComparison.Ordinal).Split(' '));
        return (run.Code, run.Out, run.Err.Replace(temp.Path, "{0}", StringComparison.Ordinal));
    }

    private static void AssertProblem((int Code, string Out, string Err) run, string name, string message)
    {
        Assert.Equal(2, run.Code);
        Assert.Contains($"\n  {name}: {message}\n", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("exception", run.Err, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void EveryReader_RefusesALinkToADevice_WithoutReadingIt(string line, string file, string name)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a Unix device");
        // /dev/zero was read until the memory ran out.
        AssertProblem(RunOn(line, file, path => File.CreateSymbolicLink(path, "/dev/zero")), name, "is a link to '/dev/zero', which is not a regular file (a character device); SecPanel reads only regular files");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void EveryReader_NamesADanglingLink(string line, string file, string name)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a Unix link");
        AssertProblem(RunOn(line, file, path => File.CreateSymbolicLink(path, "gone.csv")), name, "is a link to 'gone.csv', which does not exist");
    }

    // The timeout only stops a run that waits on the FIFO for ever; it measures nothing.
    [Theory(Timeout = 300_000)]
    [MemberData(nameof(Readers))]
    public async Task EveryReader_RefusesAFifo_WithoutWaitingOnIt(string line, string file, string name)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a Unix FIFO");
        var run = await Task.Run(() => RunOn(line, file, path =>
        {
            using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
            mkfifo.WaitForExit();
        }), TestContext.Current.CancellationToken);
        AssertProblem(run, name, "is not a regular file (a FIFO); SecPanel reads only regular files");
    }

    [Theory]
    [InlineData("assess {0}/case --committee OPSG", "case/deliveries.csv", "{0}/case/deliveries.csv:10")]
    [InlineData("import {0}/case --db {0}/s.db", "case/deliveries.csv", "{0}/case/deliveries.csv:10")]
    [InlineData("calendar 2018 --data {0}/data", "data/committees.csv", "{0}/data/committees.csv:8")]
    public void EveryReader_RefusesALineOver16MB_WithItsLine(string line, string file, string name)
    {
        // A 20 MB observation is well-formed CSV, but more than the CSV reader takes in one row: it
        // threw a NotSupportedException, which reached the user as a stack trace.
        var original = File.ReadAllText(Repo.Path([.. file.Replace("case/", "samples/opsg-2018-06/", StringComparison.Ordinal).Split('/')]));
        var added = file.StartsWith("case/", StringComparison.Ordinal) ? "pmr,2018-06,2018-07-05,," : "XYZ,Committee,7,";
        var run = RunOn(line, file, path => File.WriteAllText(path, original + added + "\"" + new string('x', 20_000_000) + "\"\n"));
        AssertProblem(run, name, $"the line is {added.Length + 20_000_002:N0} characters long, more than the 16,000,000 SecPanel reads in one row");
    }
}
