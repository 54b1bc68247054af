using SecPanel.Calendar;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Calendar;

public class HolidayFileTests
{
    private const string Header = "region,date,name,source\n";

    // Each malformed file is refused with a message naming the file, the line and what is wrong.
    [Theory]
    [InlineData(Header + "wales,2018-01-01,New Year's Day,statutory\n", "h.csv:2: field 'region': unknown region 'wales'")]
    [InlineData(Header + "england-and-wales,2018-13-01,New Year's Day,statutory\n", "h.csv:2: field 'date': '2018-13-01' is not a real date")]
    [InlineData(Header + "england-and-wales,01/01/2018,New Year's Day,statutory\n", "h.csv:2: field 'date': '01/01/2018' is not a date")]
    [InlineData(Header + "england-and-wales,2018-01-01,,statutory\n", "h.csv:2: field 'name': a value is required")]
    [InlineData(Header + "england-and-wales,2018-12-25,Christmas,statutory\nengland-and-wales,2018-12-25,Christmas,statutory\n", "h.csv:3: field 'date': 2018-12-25 is listed twice for england-and-wales (first on line 2)")]
    [InlineData(Header + "england-and-wales,2022-12-25,Christmas Day,statutory\n", "h.csv:2: field 'date': 2022-12-25 is a Sunday")]
    [InlineData("region,date,name\n", "h.csv:1: field 'source': required column is missing")]
    [InlineData("", "h.csv: the file is empty")]
    [InlineData(Header + "england-and-wales,2018-01-01\n", "h.csv:2: has 2 values but the header has 4 columns")]
    public void Parse_MalformedFile_IsRefusedWithALocatedMessage(string text, string expected)
    {
        var result = HolidayList.Parse(text, "h.csv");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_InvalidUtf8_IsRefusedNamingTheFile()
    {
        using var temp = new TempFolder();
        var path = System.IO.Path.Combine(temp.Path, "h.csv");
        File.WriteAllBytes(path, [.. "region,date,name,source\nengland-and-wales,2018-01-01,New Year\u2019s Day,statutory\n"u8.ToArray().Take(60), 0xE9, 0x0A]);
        var result = HolidayList.Load(path, "h.csv");
        Assert.StartsWith("h.csv:2: not valid UTF-8", result.Problems.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysSo() =>
        Assert.Equal("nowhere.csv: file not found", HolidayList.Load("/nonexistent/nowhere.csv", "nowhere.csv").Problems.Single().ToString());

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        var result = HolidayList.Parse(Header + "mars,2018-01-01,X,y\nengland-and-wales,2018-02-30,X,y\n", "h.csv");
        Assert.Equal(2, result.Problems.Count);
    }
}
