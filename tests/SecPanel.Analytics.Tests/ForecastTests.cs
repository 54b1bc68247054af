using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// Time to breach on series whose answer is known: built from a growth rate and a weekly pattern,
/// with and without noise and storms, and a generated quarter of logs.
/// </summary>
public sealed class ForecastTests
{
    private static readonly LocalDate Start = new(2026, 1, 5); // a Monday

    // A quiet weekend and a busy Tuesday, Monday first.
    private static readonly double[] Week = [1.00, 1.06, 1.02, 1.00, 0.98, 0.85, 0.80];

    private const double Growth = 1.004; // 0.4% a day, about 12.7% a month

    private static double Truth(int day) => 100 * Math.Pow(Growth, day) * Week[day % 7];

    private static List<DailyValue> Series(int days, Func<int, double> noise) =>
        [.. Enumerable.Range(0, days).Select(d => new DailyValue(Start.PlusDays(d), Truth(d) * noise(d)))];

    [Fact]
    public void WithoutNoise_TheModelIsTheSeries_AndTheCrossingIsTheDayTheSeriesReachesTheLevel()
    {
        var model = PeakForecast.Fit(Series(84, _ => 1), "test").Value;

        Assert.Equal(Growth, model.GrowthPerDay, 9);
        var mean = Math.Exp(Week.Average(Math.Log));
        Assert.All(Enumerable.Range(0, 7), d => Assert.Equal(Week[d] / mean, model.Weekly[d], 9));
        Assert.Empty(model.Outliers);

        // The first day after the last observed (day 83) on which the series reaches 180.
        var expected = Enumerable.Range(84, 400).First(d => Truth(d) >= 180);
        var crossing = model.When(_ => 180, 365, 0.8);
        Assert.Equal(Start.PlusDays(expected), crossing.Date);
        Assert.Equal((crossing.Date, crossing.Date), (crossing.Earliest, crossing.Latest));
        Assert.False(crossing.Already);
    }

    [Fact]
    public void ALevelFromADay_AppliesFromThatDay_AsARuleVersionDoes()
    {
        var model = PeakForecast.Fit(Series(84, _ => 1), "test").Value;
        var raised = Start.PlusDays(100);

        // 150 until day 99, then 1000: reached only if before the rise.
        var crossing = model.When(d => d < raised ? 150 : 1000, 365, 0.8);

        var expected = Enumerable.Range(84, 400).First(d => Truth(d) >= (d < 100 ? 150 : 1000));
        Assert.Equal(Start.PlusDays(expected), crossing.Date);
        Assert.Equal(Truth(expected) >= 1000 ? 1000 : 150, crossing.Level);
    }

    [Fact]
    public void WithNoise_TheIntervalHoldsTheNextValues_AboutAsOftenAsItSays()
    {
        // 400 series with log-normal noise (sd 0.05): each one's 80% interval for day 90 should hold
        // that day's noisy value about 80% of the time, and the crossing interval the true crossing.
        var random = new Random(20_261_202);
        double Noise() => Math.Exp(0.05 * Gaussian(random));
        var trueCrossing = Start.PlusDays(Enumerable.Range(84, 400).First(d => Truth(d) >= 180));
        var (held, crossed, trials) = (0, 0, 400);
        for (var i = 0; i < trials; i++)
        {
            var model = PeakForecast.Fit(Series(84, _ => Noise()), "test").Value;
            var (_, low, high) = model.Predict(Start.PlusDays(90), 0.8);
            var actual = Truth(90) * Noise();
            held += actual >= low && actual <= high ? 1 : 0;
            var crossing = model.When(_ => 180, 365, 0.8);
            crossed += crossing.Earliest <= trueCrossing && (crossing.Latest is not { } late || trueCrossing <= late) ? 1 : 0;
        }

        Assert.InRange(held * 100 / trials, 75, 85);
        Assert.True(crossed * 100 / trials >= 90, $"the true crossing was within the interval in {crossed} of {trials}");
    }

    [Fact]
    public void StormDays_AreLeftOut_AndDoNotBendTheGrowth()
    {
        var storms = new[] { 10, 40, 70 };
        var model = PeakForecast.Fit(Series(84, d => storms.Contains(d) ? 3.5 : 1 + (0.01 * Math.Sin(d))), "test").Value;

        Assert.Equal(storms.Select(d => Start.PlusDays(d)), model.Outliers.Select(o => o.Date));
        Assert.Equal(Growth, model.GrowthPerDay, 4);
    }

    [Fact]
    public void FewerThanFourWeeks_IsRefused_SayingHowManyDaysThereAre()
    {
        var fitted = PeakForecast.Fit(Series(27, _ => 1), "service-requests");

        Assert.False(fitted.Succeeded);
        Assert.Equal("service-requests: 27 days of peaks; a forecast needs at least 28 (four weeks), from logs of several months", fitted.Problems[0].ToString());
    }

    [Fact]
    public void AGeneratedQuarterGrowingFivePercentAMonth_IsForecastToGrow_WithItsStormsLeftOut()
    {
        using var folder = new TempFolder();
        var peaks = new DailyPeaks();
        for (var i = 0; i < 3; i++)
        {
            var month = new YearMonth(2026, 9).PlusMonths(i);
            var meters = (int)(6_000 * Math.Pow(1.05, i));
            var files = Traffic.Generate(Path.Combine(folder.Path, month.ToString("uuuu-MM", null)), meters, seed: (ulong)(7 + i), month: month, growthPerMille: 50);
            peaks.Add(new TrafficAnalyser(Traffic.Rules, Traffic.Targets).Count(files, month).Value);
        }

        var model = PeakForecast.Fit(peaks.Requests, "service-requests").Value;

        Assert.Equal(91, peaks.Requests.Count);
        // The peak is the busiest of noisy minutes, which grows slower than the volume at this size
        // (the noise does not grow with it): the growth found is that of the peaks themselves, as
        // the median of the last four weeks against the first four says, 61 days apart.
        var storms = model.Outliers.Select(o => o.Date).ToHashSet();
        double Median(IEnumerable<DailyPeak> days)
        {
            var sorted = days.Where(p => !storms.Contains(p.Date)).Select(p => (double)p.Peak).Order().ToList();
            return sorted[sorted.Count / 2];
        }

        var observed = (Math.Pow(Median(peaks.Requests.TakeLast(28)) / Median(peaks.Requests.Take(28)), 30.0 / 63) - 1) * 100;
        Assert.InRange(model.GrowthPerMonthPercent, 0.5, 7);
        Assert.InRange(model.GrowthPerMonthPercent, observed - 1.5, observed + 1.5);
        Assert.NotEmpty(model.Outliers);
        Assert.All(model.Outliers, o => Assert.True(o.Value > 2 * model.Predict(o.Date, 0.8).Point, $"{o.Date} is a storm's surge"));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
