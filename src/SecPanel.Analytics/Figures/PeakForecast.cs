using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using NodaTime;
using SecPanel.Problems;

namespace SecPanel.Analytics.Figures;

/// <summary>The busiest minute of one day (London date): its messages.</summary>
/// <param name="Date">The day.</param>
/// <param name="Peak">Messages in its busiest minute.</param>
public sealed record DailyPeak(LocalDate Date, long Peak);

/// <summary>A value of one day that a forecast is fitted to: a peak, or a User's messages a minute at the system's peak.</summary>
/// <param name="Date">The day.</param>
/// <param name="Value">The value, in messages a minute.</param>
public readonly record struct DailyValue(LocalDate Date, double Value);

/// <summary>When a forecast reaches a level, with the interval of that date.</summary>
/// <param name="Level">The level in force on the day found (messages a minute); on no day, the last looked at.</param>
/// <param name="Already">True when the model's value for the last day observed is at or above the level already.</param>
/// <param name="Date">The first day the forecast reaches the level within the horizon; null if it does not.</param>
/// <param name="Earliest">The first day the upper end of the prediction interval reaches it; null if it does not within the horizon.</param>
/// <param name="Latest">The first day the lower end reaches it; null if it does not within the horizon (later than the horizon, then).</param>
public sealed record Crossing(long Level, bool Already, LocalDate? Date, LocalDate? Earliest, LocalDate? Latest);

/// <summary>
/// A seasonal regression of daily peaks (docs/traffic-management.md, "Time to breach"): the
/// logarithm of each day's peak is a straight line in time plus a factor for each day of the week,
/// fitted by least squares; so growth is a steady percentage, the weekly pattern multiplies it, and
/// the daily pattern is in the peak itself (the busiest minute of the day). Days far off the line
/// (an alert storm's surge: more than three residual standard deviations) are left out and the
/// model fitted again, once. Prediction intervals are the regression's, from Student's t.
/// </summary>
public sealed class PeakForecast
{
    /// <summary>The fewest days of peaks a forecast is made from: four weeks, so that each day of the week is seen four times.</summary>
    public const int FewestDays = 28;

    private const double OutlierDeviations = 3;
    private readonly Matrix<double> inverse;
    private readonly Vector<double> coefficients;
    private readonly LocalDate first;

    private PeakForecast(Vector<double> coefficients, Matrix<double> inverse, double residualSd, int degrees, LocalDate first, LocalDate last, int days, IReadOnlyList<DailyValue> outliers)
    {
        this.coefficients = coefficients;
        this.inverse = inverse;
        this.first = first;
        ResidualSd = residualSd;
        Degrees = degrees;
        Last = last;
        Days = days;
        Outliers = outliers;
    }

    /// <summary>The last day observed.</summary>
    public LocalDate Last { get; }

    /// <summary>The days the model was fitted on.</summary>
    public int Days { get; }

    /// <summary>Days left out as far off the line (storms), with their values.</summary>
    public IReadOnlyList<DailyValue> Outliers { get; }

    /// <summary>The residual standard deviation, in natural logarithms.</summary>
    public double ResidualSd { get; }

    /// <summary>The residual degrees of freedom.</summary>
    public int Degrees { get; }

    /// <summary>Growth a day, as a factor (1.001 is 0.1% a day).</summary>
    public double GrowthPerDay => Math.Exp(coefficients[1]);

    /// <summary>Growth over 30 days, in percent.</summary>
    public double GrowthPerMonthPercent => (Math.Exp(coefficients[1] * 30) - 1) * 100;

    /// <summary>Each day of the week's factor (Monday first), relative to the week's geometric mean.</summary>
    public IReadOnlyList<double> Weekly
    {
        get
        {
            var logs = Enumerable.Range(0, 7).Select(d => d == 0 ? 0 : coefficients[1 + d]).ToArray();
            var mean = logs.Average();
            return [.. logs.Select(l => Math.Exp(l - mean))];
        }
    }

    /// <summary>Fits the model to daily peaks.</summary>
    public static Result<PeakForecast> Fit(IReadOnlyList<DailyPeak> peaks, string what) =>
        Fit([.. peaks.Select(p => new DailyValue(p.Date, p.Peak))], what);

    /// <summary>Fits the model to <paramref name="values"/> (days of 0 are left out: 0 has no logarithm).</summary>
    public static Result<PeakForecast> Fit(IReadOnlyList<DailyValue> values, string what)
    {
        ArgumentNullException.ThrowIfNull(values);
        var used = values.Where(p => p.Value > 0).OrderBy(p => p.Date).ToList();
        if (used.Count < FewestDays)
        {
            return Result<PeakForecast>.Failure([new Problem(what, null, null, $"{used.Count} days of peaks; a forecast needs at least {FewestDays} (four weeks), from logs of several months")]);
        }

        var fitted = FitOnce(used, []);
        var outliers = used.Where(p => Math.Abs(fitted.Residual(p)) > OutlierDeviations * fitted.ResidualSd).ToList();
        if (outliers.Count > 0 && used.Count - outliers.Count >= FewestDays)
        {
            fitted = FitOnce([.. used.Except(outliers)], outliers);
        }

        return Result<PeakForecast>.Success(fitted);
    }

    private static PeakForecast FitOnce(List<DailyValue> used, List<DailyValue> outliers)
    {
        var first = used[0].Date;
        var x = Matrix<double>.Build.DenseOfRowArrays(used.Select(p => Row(first, p.Date)));
        var y = Vector<double>.Build.DenseOfEnumerable(used.Select(p => Math.Log(p.Value)));
        var gram = x.TransposeThisAndMultiply(x);
        var inverse = gram.Inverse();
        var beta = inverse * x.TransposeThisAndMultiply(y);
        var residuals = y - (x * beta);
        var degrees = used.Count - x.ColumnCount;
        var sd = Math.Sqrt(residuals.DotProduct(residuals) / degrees);
        return new PeakForecast(beta, inverse, sd, degrees, first, used[^1].Date, used.Count, outliers);
    }

    /// <summary>The model's row for <paramref name="date"/>: 1, days since the first, and a 1 for its day of the week (Tuesday to Sunday; Monday is the base).</summary>
    private static double[] Row(LocalDate first, LocalDate date)
    {
        var row = new double[8];
        row[0] = 1;
        row[1] = Period.DaysBetween(first, date);
        var weekday = (int)date.DayOfWeek;
        if (weekday > 1)
        {
            row[weekday] = 1;
        }

        return row;
    }

    private double Residual(DailyValue value) => Math.Log(value.Value) - Vector<double>.Build.DenseOfArray(Row(first, value.Date)).DotProduct(coefficients);

    /// <summary>The forecast peak of <paramref name="date"/> with its prediction interval at <paramref name="confidence"/> (0.8 for 80%).</summary>
    public (double Point, double Low, double High) Predict(LocalDate date, double confidence)
    {
        var x0 = Vector<double>.Build.DenseOfArray(Row(first, date));
        var log = x0.DotProduct(coefficients);
        var spread = StudentT.InvCDF(0, 1, Degrees, (1 + confidence) / 2) * ResidualSd * Math.Sqrt(1 + x0.DotProduct(inverse * x0));
        return (Math.Exp(log), Math.Exp(log - spread), Math.Exp(log + spread));
    }

    /// <summary>
    /// When the forecast reaches <paramref name="levelOn"/> (the level in force on a day; null on a
    /// day with none), looking <paramref name="horizonDays"/> days past the last day observed.
    /// </summary>
    public Crossing When(Func<LocalDate, long?> levelOn, int horizonDays, double confidence)
    {
        ArgumentNullException.ThrowIfNull(levelOn);
        var already = levelOn(Last) is { } now && Predict(Last, confidence).Point >= now;
        LocalDate? point = null, earliest = null, latest = null;
        long last = levelOn(Last) ?? 0;
        for (var d = 1; d <= horizonDays && latest is null; d++)
        {
            var day = Last.PlusDays(d);
            if (levelOn(day) is not { } level)
            {
                continue;
            }

            var (p, low, high) = Predict(day, confidence);
            last = level;
            earliest ??= high >= level ? day : null;
            point ??= p >= level ? day : null;
            latest ??= low >= level ? day : null;
        }

        var at = point ?? earliest;
        return new Crossing(at is { } found ? levelOn(found)!.Value : last, already, point, earliest, latest);
    }
}
