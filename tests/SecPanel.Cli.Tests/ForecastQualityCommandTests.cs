using System.Globalization;
using System.Text.Json;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary><c>secpanel forecast-quality</c> on a generated year, against the same figures worked out from its variance.csv apart.</summary>
public class ForecastQualityCommandTests
{
    [Fact]
    public void EachUsersBiasAndError_AreThoseOfItsLinesInTheFile_AndNamesNeedGreen()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        Assert.Equal(0, Cli.Run("import", Workspaces.Year, "--db", db).Code);

        var (code, output, error) = Cli.Run("forecast-quality", "--db", db, "--level", "GREEN", "--format", "json");
        Assert.Equal((0, string.Empty), (code, error));
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        var months = root.GetProperty("months").EnumerateArray().Select(m => m.GetString()!).ToHashSet();
        Assert.InRange(months.Count, 3, 12);

        // From the file: each User's sr-variance lines in those months.
        var lines = File.ReadAllLines(Path.Combine(Workspaces.Year, "variance.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[0] == "sr-variance" && f[2].Length > 0 && months.Contains(f[1]))
            .GroupBy(f => f[2]).ToDictionary(g => g.Key, g => g.Select(f => (Sent: decimal.Parse(f[3], CultureInfo.InvariantCulture), Forecast: f[4].Length == 0 ? 0m : decimal.Parse(f[4], CultureInfo.InvariantCulture))).ToList());
        var ranking = root.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(lines.Count, ranking.Count);
        foreach (var user in ranking)
        {
            var all = lines[user.GetProperty("user").GetString()!];
            var own = all.Where(l => l.Forecast > 0).ToList();
            var bias = own.Average(l => (l.Sent / l.Forecast * 100m) - 100m);
            var mape = own.Average(l => Math.Abs(l.Sent - l.Forecast) / l.Forecast * 100m);
            Assert.Equal(Math.Round(bias, 2, MidpointRounding.AwayFromZero), user.GetProperty("biasPercent").GetDecimal());
            Assert.Equal(Math.Round(mape, 2, MidpointRounding.AwayFromZero), user.GetProperty("meanErrorPercent").GetDecimal());
            // Out of tolerance: outside the band, or sent with no forecast.
            Assert.Equal(own.Count(l => l.Sent * 100m / l.Forecast is <= 90m or >= 110m) + all.Count(l => l.Forecast == 0 && l.Sent > 0), user.GetProperty("outOfTolerance").GetInt32());
            Assert.Equal((all.Count, own.Count), (user.GetProperty("months").GetInt32(), user.GetProperty("forecastMonths").GetInt32()));
        }

        // Ranked worst first.
        var errors = ranking.Select(u => u.GetProperty("meanErrorPercent").GetDecimal()).ToList();
        Assert.Equal(errors.OrderDescending(), errors);

        // At WHITE, counts only: no User is named, in the table or the JSON.
        var white = Cli.Run("forecast-quality", "--db", db);
        var whiteJson = Cli.Run("forecast-quality", "--db", db, "--format", "json");
        Assert.Contains($"{lines.Count} Users; tolerance: at or below 90% or at or above 110% of forecast is an exception", white.Out, StringComparison.Ordinal);
        Assert.All(lines.Keys, user => Assert.DoesNotContain(user, white.Out + whiteJson.Out, StringComparison.Ordinal));
        Assert.False(JsonDocument.Parse(whiteJson.Out).RootElement.TryGetProperty("ranking", out _));
    }

    [Theory]
    [InlineData(new[] { "--obligation", "pmr" }, "--obligation: 'pmr' is not a variance report; the variance reports are csr-variance, sr-variance")]
    [InlineData(new[] { "--months", "2" }, "--months: 2 is not from 3 to 60")]
    [InlineData(new[] { "--to", "2026-13" }, "--to: '2026-13' is not a real month")]
    [InlineData(new[] { "--to", "9999-12" }, "--to: '9999-12' is outside the periods kept")]
    [InlineData(new[] { "--level", "PINK" }, "--level: 'PINK' is not RED, AMBER, GREEN or WHITE")]
    public void ABadOption_IsRefused(string[] options, string message)
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        var (code, output, error) = Cli.Run(["forecast-quality", "--db", db, .. options]);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains($"secpanel: {message}", error, StringComparison.Ordinal);
    }
}
