using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using SecPanel.Analytics.Internals;
using SecPanel.Traffic;
using Show = SecPanel.Variance.Figures;

namespace SecPanel.Analytics.Figures;

/// <summary>A <see cref="TrafficReplay"/> as JSON and as readable tables (docs/traffic-management.md); the same logs and rules give the same bytes.</summary>
public static class TrafficReplayText
{
    /// <summary>The JSON text, indented, ending with a newline.</summary>
    public static string Json(TrafficReplay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        return TrafficJson.Document(json =>
        {
            json.WriteStartObject();
            json.WriteString("month", replay.Month.ToString("uuuu-MM", CultureInfo.InvariantCulture));
            json.WriteStartObject("rules");
            json.WriteStartArray("thresholds");
            foreach (var t in replay.Thresholds)
            {
                json.WriteStartObject();
                json.WriteString("service", Key(t.Service));
                json.WriteString("from", Date(t.From));
                Nullable(json, "until", t.Until is { } u ? Date(u) : null);
                json.WriteNumber("capacityPerMinute", t.CapacityPerMinute);
                json.WriteNumber("operatingThresholdPerMinute", t.OperatingThresholdPerMinute);
                Nullable(json, "allocation", Key(t.Allocation));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("exemptAlertCodes");
            foreach (var code in replay.ExemptCodes)
            {
                json.WriteStringValue(code);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            Service(json, "serviceRequests", replay.Month, replay.Requests);
            Service(json, "alerts", replay.Month, replay.Alerts);
            TrafficJson.Files(json, replay.BadRows, replay.Files);
            json.WriteEndObject();
        });
    }

    /// <summary>The replay as plain-text tables: each service's figures, its episodes, and the Users cut.</summary>
    public static string Table(TrafficReplay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Traffic management replay, {replay.Month:uuuu-MM}\n");
        foreach (var service in new[] { replay.Requests, replay.Alerts })
        {
            var (title, cut, minutesCut) = Words(service.Service);
            text.Append(CultureInfo.InvariantCulture, $"\n{title}\n");
            foreach (var t in replay.Thresholds.Where(t => t.Service == service.Service))
            {
                var allocation = t.Allocation == AllocationRule.None ? string.Empty : $", allocations {Key(t.Allocation)}";
                text.Append(CultureInfo.InvariantCulture, $"  rules from {Date(t.From)}{(t.Until is { } u ? " to " + Date(u) : string.Empty)}: operating threshold {Show.Count(t.OperatingThresholdPerMinute)} a minute, capacity {Show.Count(t.CapacityPerMinute)}{allocation}\n");
            }

            if (service.Service == TrafficService.Alerts)
            {
                text.Append(CultureInfo.InvariantCulture, $"  exempt alert codes: {(replay.ExemptCodes.Count == 0 ? "none" : string.Join(", ", replay.ExemptCodes))}\n");
            }

            var utilisation = service.PeakUtilisation is { } share ? $" ({Percent(share)} of capacity)" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"  messages {Show.Count(service.Messages)}; busiest minute {Minute(replay.Month, service.PeakMinute)} with {Show.Count(service.Peak)}{utilisation}\n");
            if (service.PeakUtilisationMinute is { } busiest && busiest != service.PeakMinute)
            {
                text.Append(CultureInfo.InvariantCulture, $"  most of the capacity used at {Minute(replay.Month, busiest)}: {Percent(service.PeakUtilisation!.Value)}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"  minutes above the operating threshold {Show.Count(service.MinutesAboveThreshold)}, above capacity {Show.Count(service.MinutesAboveCapacity)}; {minutesCut} {Show.Count(service.MinutesCut)}; {cut} {Show.Count(service.Cut)}\n");
            text.Append(CultureInfo.InvariantCulture, $"  minutes still above capacity after throttling {Show.Count(service.MinutesAboveCapacityAfter)}\n");
            if (service.MinutesWithoutRules > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  minutes not replayed, on days without thresholds in force: {Show.Count(service.MinutesWithoutRules)}\n");
            }

            if (service.Episodes.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n  {"from",-17}  {"to",-17} {"minutes",8} {"peak",10} {cut,10}  Users {cut}\n");
                foreach (var e in service.Episodes)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {Minute(replay.Month, e.FirstMinute),-17}  {Minute(replay.Month, e.LastMinute),-17} {Show.Count(e.Minutes),8} {Show.Count(e.Peak),10} {Show.Count(e.Cut),10}  {string.Join(", ", e.Users)}\n");
                }
            }

            var users = service.Users.Where(u => u.Cut > 0).ToList();
            if (users.Count > 0)
            {
                var width = Math.Max(4, users.Max(u => u.User.Length));
                var allocated = service.Service == TrafficService.ServiceRequests;
                text.Append(CultureInfo.InvariantCulture, $"\n  {"User".PadRight(width)} {(allocated ? "allocation/min" : string.Empty),14} {"messages",12} {"peak",8} {"minutes",8} {cut,10}  first             last\n");
                foreach (var u in users)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {u.User.PadRight(width)} {(allocated ? Allocations(u.Allocations) : string.Empty),14} {Show.Count(u.Messages),12} {Show.Count(u.PeakPerMinute),8} {Show.Count(u.MinutesCut),8} {Show.Count(u.Cut),10}  {Minute(replay.Month, u.FirstMinute!.Value),-17} {Minute(replay.Month, u.LastMinute!.Value)}\n");
                }

                var spared = service.Users.Count - users.Count;
                if (spared > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {spared} other {(spared == 1 ? "User" : "Users")} not {cut}\n");
                }
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{replay.Files.Count} files, {Show.Count(replay.Files.Sum(f => f.Rows))} rows, {Show.Count(replay.BadRows)} bad rows\n");
        return text.ToString();
    }

    private static (string Title, string Cut, string MinutesCut) Words(TrafficService service) => service == TrafficService.ServiceRequests
        ? ("Service Requests (throttled to allocations above the operating threshold)", "deferred", "minutes throttled")
        : ("Alerts (alert storm protection: alerts of codes not exempt dropped above the operating threshold)", "dropped", "minutes dropping");

    private static void Service(Utf8JsonWriter json, string name, YearMonth month, ServiceReplay service)
    {
        var (_, cut, _) = Words(service.Service);
        var minutesCut = service.Service == TrafficService.ServiceRequests ? "minutesThrottled" : "minutesDropping";
        json.WriteStartObject(name);
        json.WriteNumber("messages", service.Messages);
        json.WriteString("peakMinute", Minute(month, service.PeakMinute));
        json.WriteNumber("peakPerMinute", service.Peak);
        Nullable(json, "peakUtilisationMinute", service.PeakUtilisationMinute is { } busiest ? Minute(month, busiest) : null);
        TrafficJson.Fixed(json, "peakUtilisation", service.PeakUtilisation, 1);
        json.WriteNumber("minutesWithoutRules", service.MinutesWithoutRules);
        json.WriteNumber("minutesAboveThreshold", service.MinutesAboveThreshold);
        json.WriteNumber("minutesAboveCapacity", service.MinutesAboveCapacity);
        json.WriteNumber(minutesCut, service.MinutesCut);
        json.WriteNumber(cut, service.Cut);
        json.WriteNumber("minutesAboveCapacityAfter", service.MinutesAboveCapacityAfter);
        json.WriteStartArray("episodes");
        foreach (var e in service.Episodes)
        {
            json.WriteStartObject();
            json.WriteString("from", Minute(month, e.FirstMinute));
            json.WriteString("to", Minute(month, e.LastMinute));
            json.WriteNumber("minutes", e.Minutes);
            json.WriteNumber("peakPerMinute", e.Peak);
            json.WriteNumber(cut, e.Cut);
            json.WriteStartArray("users");
            foreach (var user in e.Users)
            {
                json.WriteStringValue(user);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("users");
        foreach (var u in service.Users)
        {
            json.WriteStartObject();
            json.WriteString("user", u.User);
            if (service.Service == TrafficService.ServiceRequests)
            {
                json.WriteStartArray("allocations");
                foreach (var span in u.Allocations)
                {
                    json.WriteStartObject();
                    json.WriteString("from", Date(span.From));
                    json.WriteString("until", Date(span.Until));
                    json.WritePropertyName("perMinute");
                    if (span.PerMinute is { } perMinute)
                    {
                        json.WriteNumberValue(perMinute);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteNumber("messages", u.Messages);
            json.WriteNumber("peakPerMinute", u.PeakPerMinute);
            json.WriteNumber(minutesCut, u.MinutesCut);
            json.WriteNumber(cut, u.Cut);
            Nullable(json, "first", u.FirstMinute is { } f ? Minute(month, f) : null);
            Nullable(json, "last", u.LastMinute is { } l ? Minute(month, l) : null);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("minutes");
        foreach (var m in service.Minutes)
        {
            json.WriteStartObject();
            json.WriteString("minute", Minute(month, m.Minute));
            json.WriteNumber("messages", m.Messages);
            json.WriteNumber("operatingThreshold", m.Threshold);
            json.WriteNumber("capacity", m.Capacity);
            if (service.Service == TrafficService.Alerts)
            {
                json.WriteNumber("exempt", m.Exempt);
            }

            json.WriteNumber(cut, m.Cut);
            json.WriteNumber("admitted", m.Admitted);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Allocations(IReadOnlyList<AllocationSpan> spans)
    {
        var values = spans.Where(s => s.PerMinute is not null).Select(s => s.PerMinute!.Value).Distinct().ToList();
        return values.Count switch
        {
            0 => "-",
            1 => Show.Count(values[0]),
            _ => $"{Show.Count(values.Min())}-{Show.Count(values.Max())}",
        };
    }

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The service's key, as in the rule file.</summary>
    public static string Key(TrafficService service) => service.Key();

    private static string? Key(AllocationRule rule) => rule switch
    {
        AllocationRule.Fixed => "fixed",
        AllocationRule.ForecastShare => "forecast-share",
        _ => null,
    };

    private static string Date(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Minute(YearMonth month, int minute) => Timestamp.FormatMinute(month, minute);

    private static string Percent(decimal share) => Math.Round(share, 1, MidpointRounding.AwayFromZero).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
