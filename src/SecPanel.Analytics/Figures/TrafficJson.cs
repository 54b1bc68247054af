using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecPanel.Performance;

namespace SecPanel.Analytics.Figures;

/// <summary>Writes a <see cref="TrafficReport"/> as JSON (docs/traffic.md): the same logs give the same bytes.</summary>
public static class TrafficJson
{
    /// <summary>The JSON text, indented, ending with a newline.</summary>
    public static string Write(TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Document(json =>
        {
            json.WriteStartObject();
            json.WriteString("month", report.Month.ToString("uuuu-MM", CultureInfo.InvariantCulture));
            json.WriteStartObject("serviceRequests");
            Variance(json, report.Total, null);
            json.WriteNumber("smets1Excluded", report.Smets1Excluded);
            Lines(json, "users", "user", report.Users);
            Lines(json, "userVariants", "userVariant", report.UserVariants);
            Lines(json, "variants", "variant", report.Variants);
            json.WriteEndObject();
            json.WriteStartObject("csrs");
            Lines(json, "subscribers", "subscriber", report.Subscribers);
            json.WriteEndObject();
            json.WriteStartArray("serviceLevels");
            foreach (var line in report.ServiceLevels)
            {
                json.WriteStartObject();
                json.WriteString("measure", line.Measure.Key);
                json.WriteString("category", line.Target.Category.Key());
                json.WriteNumber("targetResponseSeconds", line.Target.TargetMilliseconds / 1000);
                json.WriteNumber("within", line.Within);
                json.WriteNumber("total", line.Total);
                Fixed(json, "level", line.Level, 2);
                Fixed(json, "target", line.Measure.Target, 2);
                Fixed(json, "minimum", line.Measure.Minimum, 2);
                json.WriteString("result", line.Result.Key());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Availability(json, report.Availability);
            json.WriteStartObject("trafficProfile");
            Profile(json, report, report.System);
            json.WriteStartArray("users");
            foreach (var user in report.UserProfiles)
            {
                json.WriteStartObject();
                json.WriteString("user", user.User);
                Profile(json, report, user.Profile);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            Files(json, report.BadRows, report.Files);
            json.WriteEndObject();
        });
    }

    /// <summary>Each service's availability, or null when the month has no outage log.</summary>
    private static void Availability(Utf8JsonWriter json, IReadOnlyList<AvailabilityLine>? lines)
    {
        if (lines is null)
        {
            json.WriteNull("availability");
            return;
        }

        json.WriteStartArray("availability");
        foreach (var line in lines)
        {
            json.WriteStartObject();
            json.WriteString("service", line.Service.Key);
            if (line.Measure is { } measure)
            {
                json.WriteString("measure", measure.Key);
            }
            else
            {
                json.WriteNull("measure");
            }

            json.WriteNumber("minutes", line.Minutes);
            json.WriteNumber("plannedMaintenanceMinutes", line.PlannedMinutes);
            json.WriteNumber("outages", line.Outages);
            json.WriteNumber("unavailableMinutes", line.UnavailableMinutes);
            json.WriteNumber("within", line.Within);
            json.WriteNumber("total", line.Total);
            // Four places: a minute down in a month is 99.9977%, which two places would show as 100.00.
            Fixed(json, "level", line.Level, 4);
            Fixed(json, "target", line.Measure?.Target, 2);
            Fixed(json, "minimum", line.Measure?.Minimum, 2);
            json.WriteString("result", line.Result.Key());
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The bad rows and the files read, as every traffic command writes them.</summary>
    internal static void Files(Utf8JsonWriter json, long badRows, IReadOnlyList<FileSummary> files)
    {
        json.WriteNumber("badRows", badRows);
        json.WriteStartArray("files");
        foreach (var file in files)
        {
            json.WriteStartObject();
            json.WriteString("file", file.Name);
            json.WriteNumber("rows", file.Rows);
            json.WriteNumber("badRows", file.BadRows);
            json.WriteStartArray("firstBadRows");
            foreach (var problem in file.FirstBadRows)
            {
                json.WriteStringValue(problem.ToString());
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Writes a document with <paramref name="body"/> as UTF-8 JSON text, indented, ending with a newline.</summary>
    internal static string Document(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Lines(Utf8JsonWriter json, string name, string key, IReadOnlyList<VarianceLine> lines)
    {
        json.WriteStartArray(name);
        foreach (var line in lines)
        {
            json.WriteStartObject();
            json.WriteString(key, line.Key);
            Variance(json, line.Figure, line.Exception);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Variance(Utf8JsonWriter json, Variance.VarianceFigure figure, string? exception)
    {
        json.WriteNumber("sent", figure.Sent);
        if (figure.Forecast is { } forecast)
        {
            json.WriteNumber("forecast", forecast);
            json.WriteNumber("variance", figure.Variance!.Value);
        }
        else
        {
            json.WriteNull("forecast");
            json.WriteNull("variance");
        }

        Fixed(json, "percentOfForecast", figure.PercentOfForecast, 1);
        json.WriteBoolean("exception", exception is not null);
        if (exception is null)
        {
            json.WriteNull("exceptionReason");
        }
        else
        {
            json.WriteString("exceptionReason", exception);
        }
    }

    private static void Profile(Utf8JsonWriter json, TrafficReport report, TrafficProfile profile)
    {
        json.WriteNumber("messages", profile.Messages);
        json.WriteString("peakMinute", report.MinuteText(profile.PeakMinute));
        json.WriteNumber("peakPerMinute", profile.Peak);
        json.WriteNumber("p99PerMinute", profile.Percentile99);
    }

    /// <summary>A number always written with the same decimals, rounded half away from zero.</summary>
    internal static void Fixed(Utf8JsonWriter json, string name, decimal? value, int decimals)
    {
        json.WritePropertyName(name);
        if (value is { } v)
        {
            json.WriteRawValue(Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
