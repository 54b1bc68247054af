using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecPanel.Calendar;
using SecPanel.Performance;
using SecPanel.Variance;

namespace SecPanel.Assessment;

/// <summary>
/// Writes a <see cref="MeetingAssessment"/> as JSON (documented in docs/assessment-json.md). The
/// output depends only on the assessment: the same case gives the same bytes.
/// </summary>
public static class AssessmentJson
{
    /// <summary>The JSON text, indented, ending with a newline.</summary>
    public static string Write(MeetingAssessment assessment)
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
                WriteReport(json, report);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteReport(Utf8JsonWriter json, ReportAssessment report)
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
                foreach (var user in variance.Users)
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
                    DecimalOrNull(json, "level", m.Level is { } level ? Math.Round(level, 2, MidpointRounding.AwayFromZero) : null);
                    NumberOrNull(json, "within", m.Within);
                    NumberOrNull(json, "total", m.Total);
                    json.WriteNumber("target", m.Measure.Target);
                    json.WriteNumber("minimum", m.Measure.Minimum);
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
                    DecimalOrNull(json, "percentWithinTarget", g.Share is { } s ? Figures.RoundPercent(s) : null);
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
        DecimalOrNull(json, "percentOfForecast", f.PercentOfForecast is { } p ? Figures.RoundPercent(p) : null);
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

    private static void DecimalOrNull(Utf8JsonWriter json, string name, decimal? value)
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
}
