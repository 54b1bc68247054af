using System.Globalization;
using System.Text;
using SecPanel.Traffic;

namespace SecPanel.Analytics.Figures;

/// <summary>
/// The notice to a Party whose Service Requests at the system's peak are forecast to reach its
/// allocation (docs/traffic-management.md, "Warnings to Parties"): which threshold, when, its share,
/// and what it can do. Plain text, the same for the same forecast.
/// </summary>
public static class TrafficNoticeText
{
    /// <summary>The subject line of <paramref name="user"/>'s notice.</summary>
    public static string Subject(UserForecast user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Allocation.Already || user.Allocation.Date is not { } date
            ? $"DCC traffic management: {user.User}'s Service Requests at the peak have reached its allocation"
            : $"DCC traffic management: {user.User}'s Service Requests at the peak are forecast to reach its allocation about {Date(date)}";
    }

    /// <summary>The body of <paramref name="user"/>'s notice, from <paramref name="forecast"/> under <paramref name="rules"/>, to <paramref name="contact"/> (a name, or null).</summary>
    public static string Body(UserForecast user, TrafficForecast forecast, TrafficRules rules, string? contact)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(rules);
        var text = new StringBuilder();
        var percent = (int)Math.Round(forecast.Confidence * 100);
        var model = user.Model;
        var rule = rules.ThresholdOn(TrafficService.ServiceRequests, model.Last);
        var threshold = rule?.OperatingThresholdPerMinute;
        var isFixed = rules.AllocationOn(user.User, model.Last) is not null || rule?.Allocation == AllocationRule.Fixed;
        text.Append(CultureInfo.InvariantCulture, $"To {user.User}{(contact is null ? string.Empty : $" ({contact})")},\n\n");
        text.Append(CultureInfo.InvariantCulture, $"DCC traffic management (SEC modification SECMP0067) limits each User's Service Requests when the whole system is above its operating threshold{(threshold is { } t ? $" of {Count(t)} a minute" : string.Empty)}: a User sending more than its allocation is then throttled down to it, and its other Service Requests are deferred.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Your allocation is {Count(user.Allocation.Level)} Service Requests a minute{(isFixed ? ", fixed by the DCC" : ": your share of the operating threshold in proportion to your forecast of the month's Service Requests")}.\n\n");
        var (now, _, _) = model.Predict(model.Last, forecast.Confidence);
        var months = forecast.Months.Count == 0 ? string.Empty : $" of {forecast.Months[0]:uuuu-MM} to {forecast.Months[^1]:uuuu-MM}";
        text.Append(CultureInfo.InvariantCulture, $"From the DCC's message logs{months}, your Service Requests in the system's busiest minutes of the day are about {Fixed(now, 1)} a minute, growing {Fixed(model.GrowthPerMonthPercent, 1)}% a month. ");
        if (user.Allocation.Already)
        {
            text.Append("They are at or above your allocation already: in a minute when the system is above its operating threshold, some of them would be deferred.\n\n");
        }
        else
        {
            var latest = user.Allocation.Latest is { } late ? Date(late) : $"after the next {forecast.HorizonDays} days";
            text.Append(CultureInfo.InvariantCulture, $"At that rate they reach your allocation about {Date(user.Allocation.Date!.Value)} ({percent}% interval: {Date(user.Allocation.Earliest!.Value)} to {latest}).\n\n");
        }

        text.Append(forecast.Requests.Threshold switch
        {
            { Already: true } => "The system's peak is at or above the operating threshold already.\n\n",
            { Date: { } reached } crossing => $"The system's peak minute is forecast to reach the operating threshold about {Date(reached)} ({percent}% interval: {Date(crossing.Earliest!.Value)} to {(crossing.Latest is { } l ? Date(l) : "later")}).\n\n",
            _ => $"The system's peak minute is not forecast to reach the operating threshold within {forecast.HorizonDays} days; throttling would come with a surge, such as an alert storm's.\n\n",
        });
        text.Append("What you can do:\n");
        text.Append("- send the Service Requests that need not run at the peak (such as scheduled reads) in quieter minutes;\n");
        text.Append(isFixed
            ? "- ask the DCC to review your fixed allocation if your business needs more at the peak;\n"
            : "- forecast your Service Requests in full each month: your allocation is your forecast's share of the operating threshold;\n");
        text.Append("- raise it at the Operations Group (OPSG), which reviews traffic management each month.\n\n");
        text.Append("This notice is sent once for this allocation. It was made by SecPanel for the SEC Panel's Operations Group.\n");
        return text.ToString();
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Date(NodaTime.LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Fixed(double value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
