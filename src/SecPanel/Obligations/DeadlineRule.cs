using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using SecPanel.Calendar;
using SecPanel.Periods;

namespace SecPanel.Obligations;

/// <summary>
/// When an instance of a report is due, written in a small grammar that reads like the SEC:
/// <list type="bullet">
/// <item><c>N working days after period end</c>: the Nth Working Day counted from the day after the period ends;</item>
/// <item><c>Nth working day after period end</c>: the same day, written as the SEC often writes it;</item>
/// <item><c>N calendar days after period end</c> (or <c>Nth calendar day</c>): N days after the last day of the period;</item>
/// <item><c>timing not specified</c>: the SEC sets no deadline.</item>
/// </list>
/// "following" may stand for "after", and "end of period" for "period end".
/// </summary>
public abstract partial record DeadlineRule
{
    /// <summary>The due date of the instance for <paramref name="period"/>, or null when timing is not specified.</summary>
    public abstract LocalDate? DueDate(ReportingPeriod period, WorkingDayCalendar calendar);

    /// <summary>The rule in a paper's words, such as "25 working days following end of month".</summary>
    public abstract string Describe(Cadence cadence);

    /// <summary>True when the rule sets a due date.</summary>
    public bool SetsDueDate => this is not TimingNotSpecified;

    /// <summary>Parses a rule; on failure <paramref name="error"/> says what is accepted.</summary>
    public static bool TryParse(string text, out DeadlineRule rule, out string error)
    {
        var normalised = Spaces().Replace(text.Trim().ToLowerInvariant(), " ");
        error = string.Empty;
        if (normalised == "timing not specified")
        {
            rule = new TimingNotSpecified();
            return true;
        }

        var match = Rule().Match(normalised);
        if (match.Success
            && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= 366)
        {
            var ordinal = match.Groups["suffix"].Success;
            var suffixOk = !ordinal || match.Groups["suffix"].Value == Calendar.DateText.OrdinalSuffix(n);
            // "10th working day", "1 working day", "25 working days": never "10th working days" or "25 working day".
            var pluralOk = match.Groups["s"].Value.Length == (ordinal || n == 1 ? 0 : 1);
            if (suffixOk && pluralOk)
            {
                rule = match.Groups["kind"].Value == "working"
                    ? new WorkingDaysAfterPeriodEnd(n, ordinal)
                    : new CalendarDaysAfterPeriodEnd(n);
                return true;
            }
        }

        rule = new TimingNotSpecified();
        error = $"'{text}' is not a deadline rule; write '25 working days after period end', '10th working day after period end', '30 calendar days after period end' or 'timing not specified' (N from 1 to 366)";
        return false;
    }

    internal static string Ordinal(int n) => Calendar.DateText.Ordinal(n);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?<n>[0-9]{1,3})(?<suffix>st|nd|rd|th)? (?<kind>working|calendar) day(?<s>s?) (after|following) (the )?(period end|end of (the )?period)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}

/// <summary>Due on the Nth Working Day after the period ends (the day after the period's last day is the first candidate).</summary>
public sealed record WorkingDaysAfterPeriodEnd(int Days, bool WrittenAsOrdinal) : DeadlineRule
{
    /// <inheritdoc />
    public override LocalDate? DueDate(ReportingPeriod period, WorkingDayCalendar calendar) =>
        calendar.NthWorkingDayAfter(period.End, Days);

    /// <inheritdoc />
    public override string Describe(Cadence cadence) => WrittenAsOrdinal
        ? $"{Ordinal(Days)} working day following end of {cadence.Unit()}"
        : $"{Days} working day{(Days == 1 ? "" : "s")} following end of {cadence.Unit()}";
}

/// <summary>Due N calendar days after the period's last day, whether or not that is a Working Day.</summary>
public sealed record CalendarDaysAfterPeriodEnd(int Days) : DeadlineRule
{
    /// <inheritdoc />
    public override LocalDate? DueDate(ReportingPeriod period, WorkingDayCalendar calendar) => period.End.PlusDays(Days);

    /// <inheritdoc />
    public override string Describe(Cadence cadence) =>
        $"{Days} calendar day{(Days == 1 ? "" : "s")} following end of {cadence.Unit()}";
}

/// <summary>The SEC sets no deadline: a delivery is recorded, never judged on time or late.</summary>
public sealed record TimingNotSpecified : DeadlineRule
{
    /// <inheritdoc />
    public override LocalDate? DueDate(ReportingPeriod period, WorkingDayCalendar calendar) => null;

    /// <inheritdoc />
    public override string Describe(Cadence cadence) => "timing not specified";
}
