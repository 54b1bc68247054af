using System.IO.Compression;
using System.Text;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// A gzip log that is not whole is an error of the file, in every mode: never a bad row, never a
/// month counted short. .NET's GZipStream ends quietly where a truncated file ends, and names every
/// other fault "an unsupported compression method"; the log reader says which fault it is.
/// </summary>
public sealed class GzipTests : IDisposable
{
    private const string Name = "service-requests-2026-11-02.csv.gz";
    private const string Truncated = "truncated: the compressed data ends before its end marker";
    private readonly TempFolder folder = new();
    private readonly byte[] plain;
    private readonly byte[] compressed;

    public GzipTests()
    {
        // About 2.2 MB of rows: more than one of the 1 MiB blocks the decompressing thread hands on,
        // so that a fault found late is found on that thread and must reach the counting one.
        var text = new StringBuilder("id,user,user_role,srv,smets,category,received,scheduled,responded,outcome\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"SR{i},SUPPLIER-{(char)('A' + (i % 7))},supplier,4.1.{i % 5},2,on-demand,2026-11-02T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}Z,,2026-11-02T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}Z,success-{i * 7919 % 100_003}\n");
        }

        plain = Encoding.UTF8.GetBytes(text.ToString());
        compressed = Gzip(plain);
        Assert.True(plain.Length > 2 << 20, "the test needs more than one read-ahead block");
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AWholeFile_IsCounted_AsThePlainFileIs()
    {
        var whole = Analyse(compressed);
        File.Delete(Path.Combine(folder.Path, Name));
        File.WriteAllBytes(Path.Combine(folder.Path, Name[..^3]), plain);
        var csv = Traffic.Analyse(LogFile.InFolder(folder.Path).Value, Traffic.November);

        Assert.Equal((20_000L, 0L), (whole.Files.Single().Rows, whole.Files.Single().BadRows));
        Assert.Equal(csv.Total, whole.Total);
    }

    [Fact]
    public void MembersOneAfterAnother_AreOneFile()
    {
        // gzip a b > c, or a log appended to day by day: every member is read.
        var half = Array.LastIndexOf(plain, (byte)'\n', plain.Length / 2) + 1;
        var report = Analyse([.. Gzip(plain[..half]), .. Gzip(plain[half..])]);
        Assert.Equal((20_000L, 0L), (report.Files.Single().Rows, report.Files.Single().BadRows));
    }

    [Theory]
    [InlineData(0.5)]    // cut in half: was counted as the first half and a row of 9 values, exit 0
    [InlineData(0.999)]  // a few bytes short of the end
    public void ATruncatedFile_IsRefused_NotCountedShort(double kept)
    {
        var problem = Refused(compressed[..(int)(compressed.Length * kept)]);
        Assert.Equal($"{Name}: {Truncated}", problem);
    }

    [Theory]
    [InlineData(1)]  // the last byte of the length
    [InlineData(4)]  // the length gone
    [InlineData(8)]  // the CRC and the length gone: the compressed data itself is whole
    [InlineData(9)]  // and the last byte of the data
    public void AFileWithoutTheEndOfItsTrailer_IsTruncated(int missing) =>
        Assert.Equal($"{Name}: {Truncated}", Refused(compressed[..^missing]));

    [Fact]
    public void AFileThatIsAHeaderOnly_IsTruncated()
    {
        Assert.Equal($"{Name}: {Truncated}", Refused(compressed[..10]));
        Assert.Equal($"{Name}: {Truncated}", Refused(compressed[..2]));
        Assert.Equal($"{Name}: {Truncated}", Refused(compressed[..1]));
    }

    [Fact]
    public void ACrcOrLengthThatDoesNotMatch_IsDamaged()
    {
        var crc = (byte[])compressed.Clone();
        crc[^6] ^= 1;
        var length = (byte[])compressed.Clone();
        length[^2] ^= 1;

        Assert.Equal($"{Name}: damaged: CRC check failed: the decompressed data does not match the CRC-32 and length written at its end", Refused(crc));
        Assert.Equal($"{Name}: damaged: CRC check failed: the decompressed data does not match the CRC-32 and length written at its end", Refused(length));
    }

    [Fact]
    public void FlippedBytes_AreDamage()
    {
        var flipped = (byte[])compressed.Clone();
        for (var i = flipped.Length / 2; i < (flipped.Length / 2) + 32; i++)
        {
            flipped[i] ^= 0x55;
        }

        Assert.StartsWith($"{Name}: damaged: ", Refused(flipped), StringComparison.Ordinal);
    }

    [Fact]
    public void BytesAfterTheEndOfTheGzipData_AreDamage()
    {
        // .NET reads up to the first member's end and ignores the rest: a second member whose first
        // bytes were spoilt would be lost without a word.
        var second = Gzip(plain);
        second[0] = 0;
        Assert.Equal($"{Name}: damaged: bytes after the end of its gzip data are not gzip data", Refused([.. compressed, .. second]));
        Assert.Equal($"{Name}: damaged: bytes after the end of its gzip data are not gzip data", Refused([.. compressed, 0, 0, 0, 0]));
    }

    [Fact]
    public void APlainFileNamedGz_IsNotGzipData()
    {
        Assert.Equal($"{Name}: not gzip data though named .gz: it does not start with the gzip signature (1F 8B); a plain log is named .csv", Refused(plain));
        Assert.Equal($"{Name}: empty: not gzip data though named .gz", Refused([]));
    }

    [Fact]
    public void AnotherCompressionMethod_IsNamed()
    {
        var other = (byte[])compressed.Clone();
        other[2] = 7;
        Assert.Equal($"{Name}: not gzip data SecPanel can read: its header names compression method 7, and gzip has only deflate (8)", Refused(other));
    }

    [Fact]
    public void Cli_RefusesATruncatedFile_WithExit2_InEveryMode()
    {
        File.WriteAllBytes(Path.Combine(folder.Path, Name), compressed[..(compressed.Length / 2)]);
        foreach (var strict in (bool[])[false, true])
        {
            var (code, stdout, stderr) = strict ? BadRowTests.Run("traffic", "analyse", folder.Path, "--strict") : BadRowTests.Run("traffic", "analyse", folder.Path);
            Assert.Equal((2, string.Empty), (code, stdout));
            Assert.Equal($"secpanel: 1 problem found:\n  {Name}: {Truncated}\n", stderr.Replace("\r", "", StringComparison.Ordinal));
        }
    }

    private TrafficReport Analyse(byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(folder.Path, Name), bytes);
        return Traffic.Analyse(LogFile.InFolder(folder.Path).Value, Traffic.November);
    }

    /// <summary>The one problem reading <paramref name="bytes"/> as the log gives, in default mode and in strict mode alike.</summary>
    private string Refused(byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(folder.Path, Name), bytes);
        var files = LogFile.InFolder(folder.Path).Value;
        var problems = ((bool[])[false, true]).Select(strict =>
        {
            var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets, strict).Analyse(files, Traffic.November);
            Assert.False(report.Succeeded, $"{(strict ? "strict" : "default")}: counted {(report.Succeeded ? report.Value.Files.Single().Rows : 0)} rows");
            return Assert.Single(report.Problems).ToString();
        }).ToList();
        Assert.Equal(problems[0], problems[1]);
        return problems[0];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
