using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SecPanel.Calendar;

namespace SecPanel.Samples;

/// <summary>
/// What to generate: <paramref name="Years"/> years of a workspace ending with the month
/// <paramref name="End"/> (included), for <paramref name="Users"/> Users, fixed by
/// <paramref name="Seed"/>: the same options and rule data give the same bytes.
/// </summary>
/// <param name="Years">Years of months, 1 to <see cref="MaxYears"/>.</param>
/// <param name="Users">Users sending Service Requests, 1 to <see cref="MaxUsers"/>; one in ten of them is an Authorised Subscriber sending CSRs.</param>
/// <param name="Seed">The seed.</param>
/// <param name="End">The last month: its meetings are the last ones, and nothing is dated after it.</param>
public sealed record SampleOptions(int Years, int Users, ulong Seed, YearMonth End)
{
    /// <summary>The most years a workspace can span.</summary>
    public const int MaxYears = 50;

    /// <summary>The most Users; the real number is in the hundreds.</summary>
    public const int MaxUsers = 1_000_000;

    /// <summary>The last month when none is given: fixed, so that a workspace never depends on the day it is generated.</summary>
    public static YearMonth DefaultEnd { get; } = new(2026, 10);

    /// <summary>The first month: <see cref="Years"/> × 12 months, up to and including <see cref="End"/>.</summary>
    public YearMonth First => End.PlusMonths(1 - (12 * Years));

    /// <summary>What is wrong with these options, or null; the months are checked against the dates SecPanel keeps.</summary>
    public string? Problem()
    {
        if (Years is < 1 or > MaxYears)
        {
            return $"{Years} years is not from 1 to {MaxYears}";
        }

        if (Users is < 1 or > MaxUsers)
        {
            return $"{Users} Users is not from 1 to {MaxUsers:N0}";
        }

        if (!SupportedDates.Contains(End.Year))
        {
            return $"'{Month(End)}' is outside the months SecPanel keeps: {Month(YearMonth(SupportedDates.First))} to {Month(YearMonth(SupportedDates.Last))}";
        }

        return First.Year < SupportedDates.First.Year
            ? $"{Years} year{(Years == 1 ? "" : "s")} ending {Month(End)} would start in {Month(First)}, before {Month(YearMonth(SupportedDates.First))}: {SupportedDates.Range}"
            : null;
    }

    private static YearMonth YearMonth(LocalDate date) => new(date.Year, date.Month);

    internal static string Month(YearMonth month) => YearMonthPattern.Iso.Format(month);
}

/// <summary>How far a generation has got: reported after each month written.</summary>
/// <param name="Month">The month just written.</param>
/// <param name="MonthsWritten">Months written so far.</param>
/// <param name="Months">Months in all.</param>
/// <param name="Rows">Rows written so far, in every file.</param>
public sealed record SampleProgress(YearMonth Month, int MonthsWritten, int Months, long Rows);

/// <summary>A file of a generated workspace and the rows written to it (the header not counted).</summary>
public sealed record SampleFile(string Name, long Rows);

/// <summary>
/// Writes a realistic workspace: a case folder of every file <c>secpanel import</c> reads (see
/// docs/sample.md), over years of months, from the rule data it is given: every committee of the
/// committees file meeting monthly, every obligation of the catalogue delivered for each period
/// (some late by its deadline rule, a few never), the variance, performance and incident figures,
/// and the committees' records at every classification level.
/// </summary>
/// <remarks>
/// Streams: the months are generated in order and each row is written as it is made, the files
/// flushed at the end of each month. What is held is one month's working state, the Users' names
/// and sizes (a few MB for 15,000 Users) and the open risks of the register (at most
/// <c>MaxOpenRisks</c>), never a year or the whole workspace, so memory does not grow with the
/// years. Every draw comes from one <see cref="SampleRandom"/> in a fixed order, so the bytes depend
/// only on the options and the rule data.
/// </remarks>
public static class SampleWorkspace
{
    /// <summary>
    /// Writes the workspace into <paramref name="folder"/> (created if need be); returns the files
    /// written with their rows, in the order of the case and records formats.
    /// </summary>
    public static IReadOnlyList<SampleFile> Write(SampleOptions options, RuleBook rules, string folder, IProgress<SampleProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Directory.CreateDirectory(folder);
        using var generator = new SampleGenerator(options, rules, folder);
        return generator.Run(progress);
    }

    /// <summary>The text of the workspace's README, which says how it was made.</summary>
    internal static string Readme(SampleOptions options) => string.Create(CultureInfo.InvariantCulture, $"""
        # Generated workspace

        A synthetic workspace of {options.Years} year{(options.Years == 1 ? "" : "s")}, {SampleOptions.Month(options.First)} to {SampleOptions.Month(options.End)}, for {options.Users:N0} Users. Every name,
        figure and record in it is invented. It was written by

            secpanel sample generate --years {options.Years} --users {options.Users} --seed {options.Seed} --end {SampleOptions.Month(options.End)} --out <folder>

        which writes the same bytes again for the same options and rule data. See docs/sample.md.

        """);
}
