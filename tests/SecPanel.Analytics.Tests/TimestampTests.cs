using System.Globalization;
using SecPanel.Analytics.Internals;
using Xunit;

namespace SecPanel.Analytics.Tests;

public sealed class TimestampTests
{
    [Theory]
    [InlineData("2026-11-03T01:17:42.345Z")] // an ordinary instant
    [InlineData("2024-02-29T23:59:59.999Z")] // a leap day, the last millisecond
    [InlineData("2000-02-29T00:00:00.000Z")] // 2000 is a leap year (divisible by 400)
    [InlineData("1970-01-01T00:00:00.000Z")] // the epoch itself
    [InlineData("1969-12-31T23:59:59.999Z")] // before the epoch: negative milliseconds
    public void TryParse_AgreesWithTheFramework(string text)
    {
        Assert.True(Timestamp.TryParse(text, out var ms));
        var expected = DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
        Assert.Equal(expected, ms);
        Assert.Equal(text, Timestamp.Format(ms));
        var bytes = new byte[Timestamp.Length];
        Timestamp.Write(ms, bytes);
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void Write_AgreesWithFormat_OverFourHundredYears()
    {
        // A day and a few hundred milliseconds at a time, so that every month, leap day and century is crossed.
        var bytes = new byte[Timestamp.Length];
        for (var ms = -2_208_988_800_000L; ms < 10_413_792_000_000L; ms += Timestamp.MillisecondsPerDay + 3_599_999)
        {
            Timestamp.Write(ms, bytes);
            Assert.Equal(Timestamp.Format(ms), System.Text.Encoding.ASCII.GetString(bytes));
        }
    }

    [Theory]
    [InlineData("2026-11-03T01:17:42Z")]      // no milliseconds
    [InlineData("2026-11-03T01:17:42.345")]   // no Z: not UTC
    [InlineData("2026-11-03 01:17:42.345Z")]  // a space for the T
    [InlineData("1900-02-29T00:00:00.000Z")]  // 1900 is not a leap year
    [InlineData("2026-13-01T00:00:00.000Z")]  // month 13
    [InlineData("2026-11-03T01:60:00.000Z")]  // minute 60
    [InlineData("2026-11-03T01:17:4x.345Z")]  // not a digit
    [InlineData("")]
    public void TryParse_RefusesAnythingElse(string text) => Assert.False(Timestamp.TryParse(text, out _));
}
