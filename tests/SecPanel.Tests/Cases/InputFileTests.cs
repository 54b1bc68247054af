using System.Diagnostics;
using SecPanel.Cases;
using SecPanel.Internals;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Cases;

/// <summary>
/// What a case or rule file is on disk, before its text: a link, a device, a FIFO, a file too
/// large to read whole. Each is a problem naming the file, never a hang or an exception.
/// </summary>
public class InputFileTests
{
    private static void SkipOnWindows() =>
        Assert.SkipWhen(OperatingSystem.IsWindows(), "links to devices and FIFOs are Unix things");

    private static TempFolder Sample() => new TempFolder().CopyFrom(Repo.Sample);

    private static string Load(TempFolder folder)
    {
        var result = CaseFolder.Load(folder.Path, "case", Rules.Shipped);
        Assert.False(result.Succeeded, "the case was read");
        return string.Join("\n", result.Problems);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public void ALinkToARegularFile_IsRead()
    {
        SkipOnWindows();
        using var temp = Sample();
        var moved = Path.Combine(temp.Path, "elsewhere", "variance-2018-06.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        File.Move(Path.Combine(temp.Path, CaseFolder.VarianceFile), moved);
        File.CreateSymbolicLink(Path.Combine(temp.Path, CaseFolder.VarianceFile), Path.Combine("elsewhere", "variance-2018-06.txt"));

        var result = CaseFolder.Load(temp.Path, "case", Rules.Shipped);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.NotEmpty(result.Value.Variance);
    }

    [Fact]
    public void ADanglingLink_SaysWhereItLeads()
    {
        SkipOnWindows();
        using var temp = Sample();
        File.Delete(Path.Combine(temp.Path, CaseFolder.VarianceFile));
        File.CreateSymbolicLink(Path.Combine(temp.Path, CaseFolder.VarianceFile), "variance-2018-06.csv");
        Assert.Equal("case/variance.csv: is a link to 'variance-2018-06.csv', which does not exist", Load(temp));
    }

    [Theory]
    [InlineData("/dev/zero")] // read for ever: an OutOfMemoryException after half a minute
    [InlineData("/dev/urandom")]
    [InlineData("/dev/null")] // reads as empty, which would say the file is empty
    public void ALinkToADevice_IsRefused_NotRead(string device)
    {
        SkipOnWindows();
        using var temp = Sample();
        File.Delete(Path.Combine(temp.Path, CaseFolder.VarianceFile));
        File.CreateSymbolicLink(Path.Combine(temp.Path, CaseFolder.VarianceFile), device);
        Assert.Equal($"case/variance.csv: is a link to '{device}', which is not a regular file (a character device); SecPanel reads only regular files", Load(temp));
    }

    // A FIFO would block the read until something writes to it; the timeout only stops a run that
    // hangs, it measures nothing.
    [Fact(Timeout = 120_000)]
    public async Task AFifo_IsRefused_NotWaitedOn()
    {
        SkipOnWindows();
        using var temp = Sample();
        var path = Path.Combine(temp.Path, CaseFolder.VarianceFile);
        File.Delete(path);
        MakeFifo(path);
        var problems = await Task.Run(() => Load(temp), TestContext.Current.CancellationToken);
        Assert.Equal("case/variance.csv: is not a regular file (a FIFO); SecPanel reads only regular files", problems);
    }

    [Fact(Timeout = 120_000)]
    public async Task ARuleFileThatIsAFifo_IsRefused()
    {
        SkipOnWindows();
        using var temp = new TempFolder().CopyFrom(Repo.Data);
        var path = Path.Combine(temp.Path, RuleBook.CommitteesFile);
        File.Delete(path);
        MakeFifo(path);
        var result = await Task.Run(() => RuleBook.Load(temp.Path, "data"), TestContext.Current.CancellationToken);
        Assert.Equal("data/committees.csv: is not a regular file (a FIFO); SecPanel reads only regular files", Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void AFileLargerThanTheLimit_IsRefusedUnread()
    {
        // A sparse file: its size is set, nothing is written, and nothing should be read.
        using var temp = Sample();
        using (var stream = File.OpenWrite(Path.Combine(temp.Path, CaseFolder.VarianceFile)))
        {
            stream.SetLength(InputFile.MaxBytes + 1);
        }

        Assert.Equal("case/variance.csv: the file is 268,435,457 bytes, more than the 268,435,456 (256 MiB) SecPanel reads from one case or rule file", Load(temp));
    }
}
