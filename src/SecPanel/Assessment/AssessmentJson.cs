using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecPanel.Calendar;
using SecPanel.Performance;

namespace SecPanel.Assessment;

/// <summary>
/// Writes a <see cref="MeetingAssessment"/> as JSON (documented in docs/assessment-json.md). The
/// output depends only on the assessment: the same case gives the same bytes.
/// </summary>
public static class AssessmentJson
{
    /// <summary>
    /// The JSON text, indented, ending with a newline. With <paramref name="everyUser"/> false, a
    /// variance report's <c>users</c> hold only the Users whose figures are exceptions (what a
    /// committee looks at; a month has thousands of Users).
    /// </summary>
    public static string Write(MeetingAssessment assessment, bool everyUser = true)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var meeting = assessment.Meeting;
            json.WriteStartObject();
            json.WriteString("committee", meeting.Committee);
            json.WriteString("meetingDate", Iso(meeting.Date));
            json.WriteString("previousMeetingDate", Iso(meeting.PreviousDate));
            json.WriteString("region", meeting.Region.Key());
            json.WriteStartArray("reports");
            foreach (var report in assessment.Reports)
            {
                WriteReport(json, report, everyUser);
            }

            json.WriteEndArray();
            json.WriteStartArray("plannedMaintenance");
            foreach (var notice in assessment.Maintenance)
            {
                var window = notice.Window;
                json.WriteStartObject();
                json.WriteString("id", window.Id);
                json.WriteString("service", window.Service);
                json.WriteString("start", window.Start.ToString("uuuu-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("end", window.End.ToString("uuuu-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteNumber("minutes", window.Minutes);
                json.WriteString("notified", Iso(window.Notified));
                json.WriteNumber("noticeWorkingDays", notice.GivenWorkingDays);
                json.WriteNumber("requiredWorkingDays", notice.RequiredWorkingDays);
                json.WriteString("noticeDueBy", Iso(notice.NoticeDueBy));
                json.WriteBoolean("shortNotice", notice.ShortNotice);
                json.WriteString("description", window.Description);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteReport(Utf8JsonWriter json, ReportAssessment report, bool everyUser)
    {
        json.WriteStartObject();
        json.WriteString("obligation", report.Obligation.Key);
        json.WriteString("name", report.Obligation.Name);
        StringOrNull(json, "secReference", report.Obligation.SecReference);
        StringOrNull(json, "period", report.Period?.ToString());
        StringOrNull(json, "dueDate", report.DueDate is { } due ? Iso(due) : null);
        StringOrNull(json, "deliveredDate", report.Delivery is { } d ? Iso(d.Delivered) : null);
        json.WriteString("status", report.Status.Key());
        NumberOrNull(json, "workingDaysLate", report.WorkingDaysLate);
        StringOrNull(json, "reference", report.Delivery?.Reference);
        json.WriteString("delivery", report.DeliveryText);
        json.WriteString("summary", report.Summary);
        StringOrNull(json, "observations", report.Delivery?.Observations);
        switch (report.Content)
        {
            case VarianceContent variance:
                WriteVariance(json, variance.Total);
                json.WriteStartArray("users");
                foreach (var user in variance.Users.Where(u => everyUser || u.Exception is not null))
                {
                    json.WriteStartObject();
                    json.WriteString("user", user.User);
                    WriteVariance(json, user);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case PerformanceContent performance:
                json.WriteStartArray("measures");
                foreach (var m in performance.Measures)
                {
                    json.WriteStartObject();
                    json.WriteString("measure", m.Measure.Key);
                    json.WriteString("scope", m.Measure.Scope);
                    json.WriteString("name", m.Measure.Name);
                    Fixed(json, "level", m.Level, "0.00");
                    NumberOrNull(json, "within", m.Within);
                    NumberOrNull(json, "total", m.Total);
                    Fixed(json, "target", m.Measure.Target, "0.##");
                    Fixed(json, "minimum", m.Measure.Minimum, "0.##");
                    json.WriteString("result", m.Result.Key());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case IncidentContent incidents:
                json.WriteNumber("incidentsResolved", incidents.Resolved);
                json.WriteNumber("incidentsOpen", incidents.Open);
                json.WriteStartArray("incidentGroups");
                foreach (var g in incidents.Groups)
                {
                    json.WriteStartObject();
                    json.WriteString("categories", g.Group);
                    json.WriteNumber("resolved", g.Resolved);
                    json.WriteNumber("resolvedWithinTarget", g.WithinTarget);
                    Fixed(json, "percentWithinTarget", g.Share, "0.0");
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            default:
                break;
        }

        json.WriteEndObject();
    }

    private static void WriteVariance(Utf8JsonWriter json, VarianceResult result)
    {
        var f = result.Figure;
        json.WriteNumber("sent", f.Sent);
        NumberOrNull(json, "forecast", f.Forecast);
        NumberOrNull(json, "variance", f.Variance);
        Fixed(json, "percentOfForecast", f.PercentOfForecast, "0.0");
        json.WriteBoolean("exception", result.Exception is not null);
        StringOrNull(json, "exceptionReason", result.Exception);
    }

    private static string Iso(NodaTime.LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static void StringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void NumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>A number always written with the same decimals (rounded half away from zero), so that 110 is "110.0" wherever it comes from.</summary>
    private static void Fixed(Utf8JsonWriter json, string name, decimal? value, string format)
    {
        if (value is { } v)
        {
            var decimals = format.Length - format.IndexOf('.', StringComparison.Ordinal) - 1;
            json.WritePropertyName(name);
            json.WriteRawValue(Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
