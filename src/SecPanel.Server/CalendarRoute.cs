using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using SecPanel.Calendar;

namespace SecPanel.Server;

/// <summary>A bank holiday.</summary>
public sealed record HolidayBody(string Date, string Name);

/// <summary>A report instance and its due date.</summary>
public sealed record DueBody(string Obligation, string Name, string Period, string Due);

/// <summary>A year of the obligation calendar: England and Wales's bank holidays, and every report due in the year.</summary>
public sealed record CalendarBody(int Year, string Region, IReadOnlyList<HolidayBody> BankHolidays, IReadOnlyList<DueBody> Due);

/// <summary>The obligation calendar of a year: the same for every caller (nothing in it is classified).</summary>
internal static class CalendarRoute
{
    public static void Map(RouteGroupBuilder api, ServerOptions options)
    {
        Api.OpenWhenPublic(api.MapGet("/calendar/{year}", Get)
            .WithSummary("A year's obligation calendar: England and Wales's bank holidays, and every report instance due in the year with its due date (the due dates of secpanel due).")
            .Produces<CalendarBody>().ProducesProblem(StatusCodes.Status400BadRequest), options, Api.Anyone);
    }

    private static IResult Get(HttpContext context, DueDates dueDates, string year)
    {
        if (!int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) || y < SupportedDates.First.Year || y > SupportedDates.Last.Year)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad year", detail: $"The year is '{year}'; it is {SupportedDates.First.Year} to {SupportedDates.Last.Year}.");
        }

        return context.RequestServices.GetRequiredService<ReadCache>().Get(context, $"calendar|{y}", () =>
        {
            var (due, calendar) = dueDates.Between(context, new LocalDate(y, 1, 1), new LocalDate(y, 12, 31));
            return new CalendarBody(y, "england-and-wales",
                [.. calendar.HolidaysIn(y).Select(h => new HolidayBody(LocalDatePattern.Iso.Format(h.Date), h.Name))],
                [.. due.Select(d => new DueBody(d.Obligation, d.Name, d.Period, LocalDatePattern.Iso.Format(d.Due)))]);
        });
    }
}
