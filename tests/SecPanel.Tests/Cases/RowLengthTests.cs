using SecPanel.Internals;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Cases;

/// <summary>
/// Rows longer than the CSV reader takes (Sep's buffer holds about 16 MiB): refused with the file
/// and the line, in case files and rule files alike, never a NotSupportedException.
/// </summary>
public class RowLengthTests
{
    [Fact]
    public void AnObservationOf20MB_IsRefusedWithItsLine_NotAnException()
    {
        // The row: "pmr,2018-05,2018-06-05,," (24 characters) and the quoted observation.
        var observation = new string('x', 20_000_000);
        using var files = new CaseFiles { Deliveries = $"obligation,period,delivered,reference,observations\npmr,2018-04,2018-06-05,,ok\npmr,2018-05,2018-06-05,,\"{observation}\"\n" };
        var result = files.Load();
        Assert.Equal("case/deliveries.csv:3: the line is 20,000,026 characters long, more than the 16,000,000 SecPanel reads in one row", Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void ARuleFileWithALineTooLong_IsRefusedWithItsLine()
    {
        using var temp = new TempFolder().CopyFrom(Repo.Data);
        File.AppendAllText(Path.Combine(temp.Path, RuleBook.CommitteesFile), "XYZ," + new string('y', CsvFile.MaxRowChars) + ",7,Seven\n");
        // The file has seven lines; the row is "XYZ," and ",7,Seven" (12 characters) around the name.
        Assert.Equal(
            "data/committees.csv:8: the line is 16,000,012 characters long, more than the 16,000,000 SecPanel reads in one row",
            Assert.Single(RuleBook.Load(temp.Path, "data").Problems).ToString());
    }

    [Theory]
    [InlineData(0, true)] // exactly the limit is read
    [InlineData(1, false)] // one character more is not
    public void ARowAtTheLimit_IsRead_OneCharacterMore_IsNot(int over, bool read)
    {
        // "x,\"...\"": the row is the value's characters and four more.
        var value = new string('v', CsvFile.MaxRowChars - 4 + over);
        var result = CsvFile.Parse($"a,b\nx,\"{value}\"\r\ny,z\n", "f.csv", ["a", "b"], []);
        Assert.Equal(read, result.Succeeded);
        if (read)
        {
            Assert.Equal(value, result.Value.Rows[0]["b"]);
            Assert.Equal(3, result.Value.Rows[1].Line);
        }
        else
        {
            Assert.Equal("f.csv:2: the line is 16,000,001 characters long, more than the 16,000,000 SecPanel reads in one row", Assert.Single(result.Problems).ToString());
        }
    }

    [Fact]
    public void AQuoteLeftOpen_ThatRunsPastTheLimit_SaysWhichLinesTheRowRunsOver()
    {
        var lines = string.Concat(Enumerable.Repeat(new string('w', 999_999) + "\n", 17));
        var result = CsvFile.Parse($"a,b\nx,y\nx,\"oops\n{lines}", "f.csv", ["a", "b"], []);
        Assert.Equal(
            "f.csv:3: the row runs from line 3 to line 20 and is 17,000,007 characters long, more than the 16,000,000 SecPanel reads in one row: is a closing \" missing?",
            Assert.Single(result.Problems).ToString());
    }
}
