using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;
using SecPanel.Traffic;
using Show = SecPanel.Variance.Figures;

namespace SecPanel.Analytics.Figures;

/// <summary>A <see cref="TrafficForecast"/> as JSON and as readable text; the same logs and rules give the same bytes.</summary>
public static class TrafficForecastText
{
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>The JSON text, indented, ending with a newline.</summary>
    public static string Json(TrafficForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return TrafficJson.Document(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("months");
            foreach (var month in forecast.Months)
            {
                json.WriteStringValue(month.ToString("uuuu-MM", CultureInfo.InvariantCulture));
            }

            json.WriteEndArray();
            json.WriteNumber("horizonDays", forecast.HorizonDays);
            json.WriteNumber("confidencePercent", (int)Math.Round(forecast.Confidence * 100));
            Service(json, "serviceRequests", forecast.Requests, forecast.Confidence);
            Service(json, "alerts", forecast.Alerts, forecast.Confidence);
            json.WriteStartArray("users");
            foreach (var user in forecast.Users)
            {
                json.WriteStartObject();
                json.WriteString("user", user.User);
                Model(json, user.Model, forecast.Confidence);
                Crossing(json, "allocation", user.Allocation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("usersNotForecast");
            foreach (var user in forecast.UsersNotForecast)
            {
                json.WriteStringValue(user);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>The forecast as text: per service the model and when it reaches each level, then the Users warned.</summary>
    public static string Table(TrafficForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var text = new StringBuilder();
        var percent = (int)Math.Round(forecast.Confidence * 100);
        var months = forecast.Months.Count == 0 ? "no month" : $"{forecast.Months[0]:uuuu-MM} to {forecast.Months[^1]:uuuu-MM}";
        text.Append(CultureInfo.InvariantCulture, $"Time to breach, from the daily peaks of {months}; horizon {forecast.HorizonDays} days, {percent}% prediction intervals\n");
        foreach (var service in new[] { forecast.Requests, forecast.Alerts })
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{(service.Service == TrafficService.ServiceRequests ? "Service Requests" : "Alerts")}\n");
            if (service.Model is not { } model)
            {
                text.Append(CultureInfo.InvariantCulture, $"  no forecast: {service.Refused}\n");
                continue;
            }

            var left = model.Outliers.Count == 0 ? string.Empty
                : $"; {model.Outliers.Count} left out as far off the line: {string.Join(", ", model.Outliers.Take(5).Select(o => $"{Date(o.Date)} ({Fixed(o.Value, 0)})"))}{(model.Outliers.Count > 5 ? ", ..." : string.Empty)}";
            text.Append(CultureInfo.InvariantCulture, $"  fitted on {model.Days} days{left}\n");
            text.Append(CultureInfo.InvariantCulture, $"  growth {Fixed(model.GrowthPerMonthPercent, 1)}% a month; days of the week {string.Join(" ", model.Weekly.Select((w, i) => $"{DayNames[i]} {Fixed(w, 2)}"))}\n");
            var (point, low, high) = model.Predict(model.Last, forecast.Confidence);
            var observed = service.Peaks.FirstOrDefault(p => p.Date == model.Last)?.Peak;
            text.Append(CultureInfo.InvariantCulture, $"  last day {Date(model.Last)}: peak {(observed is { } o ? Show.Count(o) : "-")} a minute; the model {Fixed(point, 0)} ({Fixed(low, 0)} to {Fixed(high, 0)})\n");
            text.Append(CultureInfo.InvariantCulture, $"  operating threshold: {Sentence(service.Threshold, forecast.HorizonDays, percent)}\n");
            text.Append(CultureInfo.InvariantCulture, $"  capacity: {Sentence(service.Capacity, forecast.HorizonDays, percent)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nUsers whose Service Requests at the system's peak (mean of its {DailyPeaks.TopMinutes} busiest minutes a day) reach their allocation within {forecast.HorizonDays} days: {(forecast.Users.Count == 0 ? "none" : forecast.Users.Count.ToString(CultureInfo.InvariantCulture))}\n");
        foreach (var user in forecast.Users)
        {
            var (point, _, _) = user.Model.Predict(user.Model.Last, forecast.Confidence);
            text.Append(CultureInfo.InvariantCulture, $"  {user.User}: about {Fixed(point, 1)} a minute at the peak now, growing {Fixed(user.Model.GrowthPerMonthPercent, 1)}% a month; allocation {Sentence(user.Allocation, forecast.HorizonDays, percent)}\n");
        }

        if (forecast.UsersNotForecast.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  not forecast, too few days of Service Requests: {string.Join(", ", forecast.UsersNotForecast)}\n");
        }

        return text.ToString();
    }

    private static string Sentence(Crossing? crossing, int horizon, int percent)
    {
        if (crossing is null)
        {
            return "no thresholds in force";
        }

        var level = $"{Show.Count(crossing.Level)} a minute";
        if (crossing.Already)
        {
            return $"{level}, reached already (the model is at or above it on the last day)";
        }

        if (crossing.Date is not { } date)
        {
            return crossing.Earliest is { } early
                ? $"{level}, not reached within {horizon} days by the forecast ({percent}% interval: from {Date(early)})"
                : $"{level}, not reached within {horizon} days";
        }

        var latest = crossing.Latest is { } late ? Date(late) : $"after the {horizon} days";
        return $"{level}, reached about {Date(date)} ({percent}% interval: {Date(crossing.Earliest!.Value)} to {latest})";
    }

    private static void Service(Utf8JsonWriter json, string name, ServiceForecast service, double confidence)
    {
        json.WriteStartObject(name);
        json.WriteStartArray("dailyPeaks");
        foreach (var peak in service.Peaks)
        {
            json.WriteStartObject();
            json.WriteString("date", Date(peak.Date));
            json.WriteNumber("peakPerMinute", peak.Peak);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (service.Model is { } model)
        {
            json.WriteNull("refused");
            Model(json, model, confidence);
            Crossing(json, "operatingThreshold", service.Threshold);
            Crossing(json, "capacity", service.Capacity);
        }
        else
        {
            json.WriteString("refused", service.Refused);
        }

        json.WriteEndObject();
    }

    private static void Model(Utf8JsonWriter json, PeakForecast model, double confidence)
    {
        json.WriteStartObject("model");
        json.WriteNumber("days", model.Days);
        json.WriteString("lastDay", Date(model.Last));
        json.WritePropertyName("growthPerMonthPercent");
        json.WriteRawValue(Fixed(model.GrowthPerMonthPercent, 2));
        json.WriteStartObject("weekly");
        for (var i = 0; i < 7; i++)
        {
            json.WritePropertyName(DayNames[i]);
            json.WriteRawValue(Fixed(model.Weekly[i], 3));
        }

        json.WriteEndObject();
        json.WritePropertyName("residualSd");
        json.WriteRawValue(Fixed(model.ResidualSd, 4));
        var (point, low, high) = model.Predict(model.Last, confidence);
        json.WriteStartObject("lastDayModel");
        json.WritePropertyName("peakPerMinute");
        json.WriteRawValue(Fixed(point, 1));
        json.WritePropertyName("low");
        json.WriteRawValue(Fixed(low, 1));
        json.WritePropertyName("high");
        json.WriteRawValue(Fixed(high, 1));
        json.WriteEndObject();
        json.WriteStartArray("outliers");
        foreach (var o in model.Outliers)
        {
            json.WriteStartObject();
            json.WriteString("date", Date(o.Date));
            json.WritePropertyName("value");
            json.WriteRawValue(Fixed(o.Value, 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Crossing(Utf8JsonWriter json, string name, Crossing? crossing)
    {
        if (crossing is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("perMinute", crossing.Level);
        json.WriteBoolean("already", crossing.Already);
        foreach (var (key, date) in new[] { ("date", crossing.Date), ("earliest", crossing.Earliest), ("latest", crossing.Latest) })
        {
            if (date is { } d)
            {
                json.WriteString(key, Date(d));
            }
            else
            {
                json.WriteNull(key);
            }
        }

        json.WriteEndObject();
    }

    private static string Date(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Fixed(double value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
