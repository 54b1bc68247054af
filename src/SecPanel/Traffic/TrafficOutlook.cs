using NodaTime;

namespace SecPanel.Traffic;

/// <summary>
/// The picture behind a traffic management item (<c>traffic forecast --raise</c>): a service's
/// busiest minute of each day observed, and the forecast after it with its interval, against the
/// operating threshold and capacity in force on each day. The Panel paper draws it under the item,
/// so that the chart and the paragraph come from the same forecast.
/// </summary>
/// <param name="Committee">The committee of the item (OPSG).</param>
/// <param name="MeetingDate">Its meeting.</param>
/// <param name="Item">The item's id (<c>TM-SR</c>, <c>TM-AL</c>).</param>
/// <param name="Service">The service forecast.</param>
/// <param name="ConfidencePercent">The prediction interval's level, in percent.</param>
/// <param name="Days">One entry a day, in date order: the observed days first, then the forecast.</param>
public sealed record TrafficOutlook(string Committee, LocalDate MeetingDate, string Item, TrafficService Service, int ConfidencePercent, IReadOnlyList<OutlookDay> Days)
{
    /// <summary>The days with an observed peak.</summary>
    public IEnumerable<OutlookDay> Observed => Days.Where(d => d.Peak is not null);

    /// <summary>The days forecast.</summary>
    public IEnumerable<OutlookDay> Forecast => Days.Where(d => d.Expected is not null);

    /// <inheritdoc />
    public bool Equals(TrafficOutlook? other) =>
        other is not null && (Committee, MeetingDate, Item, Service, ConfidencePercent) == (other.Committee, other.MeetingDate, other.Item, other.Service, other.ConfidencePercent)
        && Days.SequenceEqual(other.Days);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Committee, MeetingDate, Item, Days.Count);
}

/// <summary>
/// A day of a <see cref="TrafficOutlook"/>, in messages a minute: observed (<paramref name="Peak"/>)
/// or forecast (<paramref name="Expected"/> with its interval), and the levels in force (null on a
/// day without thresholds).
/// </summary>
/// <param name="Date">The London date.</param>
/// <param name="Peak">The busiest minute observed, or null on a forecast day.</param>
/// <param name="Storm">True when the day's peak was left out of the fit as a storm.</param>
/// <param name="Expected">The forecast, rounded to a whole message, or null on an observed day.</param>
/// <param name="Lower">The interval's lower bound.</param>
/// <param name="Upper">The interval's upper bound.</param>
/// <param name="Threshold">The operating threshold in force.</param>
/// <param name="Capacity">The maximum capacity in force.</param>
public sealed record OutlookDay(LocalDate Date, long? Peak, bool Storm, long? Expected, long? Lower, long? Upper, long? Threshold, long? Capacity);
