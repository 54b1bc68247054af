using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>The paper command's files: it replaces its own and touches nothing else.</summary>
public class PaperCommandTests
{
    private static (int Code, string Out, string Err) Paper(string folder, int number, string level) =>
        Cli.Run("paper", Repo.Sample, "--panel-meeting", "58", "--date", "2018-07-13", "--paper", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", folder, "--level", level);

    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);

    [Fact]
    public void Paper_BesideOtherPapersWhoseReferenceStartsTheSame_LeavesThemAlone()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Paper(temp.Path, 20, "GREEN").Code);
        Assert.Equal(0, Paper(temp.Path, 21, "GREEN").Code);
        // Files of this paper's name that are not its outputs are not its to delete either.
        temp.Write("SECP_58_1307_2_notes.md", "mine");
        temp.Write("SECP_58_1307_2_Appendix_AB.md", "mine");
        temp.Write("SECP_58_1307_2.md.bak", "mine");
        var before = Files(temp.Path);
        Assert.Equal(15, before.Count);

        var (code, output, _) = Paper(temp.Path, 2, "WHITE");

        Assert.Equal(0, code);
        var after = Files(temp.Path);
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
        Assert.Equal(
            ["SECP_58_1307_2.docx", "SECP_58_1307_2.html", "SECP_58_1307_2.md", "SECP_58_1307_2_Appendix_A.docx", "SECP_58_1307_2_Appendix_A.html", "SECP_58_1307_2_Appendix_A.md"],
            after.Keys.Except(before.Keys).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("removed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Paper_AgainWithoutAnAppendix_RemovesOnlyItsOwnStaleAppendix_AndSaysSo()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Paper(temp.Path, 20, "GREEN").Code);
        Assert.Equal(0, Paper(temp.Path, 2, "WHITE").Code);
        Assert.True(File.Exists(Path.Combine(temp.Path, "SECP_58_1307_2_Appendix_A.docx")));

        // At RED the paper holds everything: the earlier run's Appendix A no longer belongs to it.
        var (code, output, _) = Paper(temp.Path, 2, "RED");

        Assert.Equal(0, code);
        Assert.Equal(
            ["SECP_58_1307_2.docx", "SECP_58_1307_2.html", "SECP_58_1307_2.md", "SECP_58_1307_20.docx", "SECP_58_1307_20.html", "SECP_58_1307_20.md", "SECP_58_1307_20_Appendix_A.docx", "SECP_58_1307_20_Appendix_A.html", "SECP_58_1307_20_Appendix_A.md"],
            Files(temp.Path).Keys.Order(StringComparer.Ordinal));
        Assert.Contains("removed SECP_58_1307_2_Appendix_A.docx: an appendix of an earlier run of SECP_58_1307_2 that this run does not have", output, StringComparison.Ordinal);
        Assert.Contains("removed SECP_58_1307_2_Appendix_A.md", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "--chart-months: 0 is not from 1 to 12")] // below the range
    [InlineData("13", "--chart-months: 13 is not from 1 to 12")] // a year has twelve months
    [InlineData("six", "--chart-months: 'six' is not a whole number")]
    public void ChartMonths_OutsideAYear_IsRefused(string months, string expected)
    {
        using var temp = new TempFolder();
        var (code, _, error) = Cli.Run("paper", Repo.Sample, "--panel-meeting", "58", "--date", "2018-07-13", "--paper", "20", "--out", temp.Path, "--chart-months", months);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void ChartMonths_One_ChartsEveryFigure_AndWithoutAnAuthorTheTeamSigns()
    {
        using var temp = new TempFolder();
        var (code, _, _) = Cli.Run("paper", Repo.Sample, "--panel-meeting", "58", "--date", "2018-07-13", "--paper", "20", "--out", temp.Path, "--chart-months", "1", "--issued", "2018-07-06");
        Assert.Equal(0, code);
        var body = File.ReadAllText(Path.Combine(temp.Path, "SECP_58_1307_20.md"));
        // The sample's ten measures with data, CSR and SR: twelve charts, and no table of figures.
        Assert.Equal(12, body.Split("*Figure: ").Length - 1);
        Assert.DoesNotContain("Figures of the reports", body, StringComparison.Ordinal);
        Assert.Contains("\n\nSECAS Team  \n6th July 2018\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SECAS  \n", body, StringComparison.Ordinal);
    }
}
