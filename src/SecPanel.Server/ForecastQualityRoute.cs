using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary><c>GET /api/forecast-quality</c>: the JSON of <c>secpanel forecast-quality --format json</c>, Users named from a clearance of Green.</summary>
internal static class ForecastQualityRoute
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/forecast-quality", Get).RequireAuthorization(Api.Anyone)
            .WithSummary("How well each User forecast over the months stored (?obligation=sr-variance|csr-variance, ?months=3 to 60, ?to=YYYY-MM): the counts, and for a caller cleared Green or above the ranking, each User with its months (docs/forecast-quality.md).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status400BadRequest);

    private static IResult Get(HttpContext context, Store store, string? obligation, int? months, string? to)
    {
        var rules = store.Rules();
        var key = obligation ?? "sr-variance";
        if (!rules.VarianceRules.TryGetValue(key, out var rule) || rules.Catalogue.Find(key) is not { } report)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a variance report",
                detail: $"'{key}' is not a variance report; the variance reports are {string.Join(", ", rules.VarianceRules.Keys.Order(StringComparer.Ordinal))}.");
        }

        if (months is { } n && n is < 3 or > 60)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad months", detail: $"months is {n}; it is 3 to 60.");
        }

        if (to is not null && !Periods.ReportingPeriod.TryParse(to, Periods.Cadence.Monthly, out _, out var wrong))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad month", detail: $"to: {wrong}.");
        }

        var (read, quality) = ForecastQualityReport.Read(store, key, rule, months ?? 12, to);
        var named = Api.Caller(context, store)!.Clearance >= ForecastQualityReport.NamesFrom;
        return Results.Text(ForecastQualityReport.Json(report, rule, read, quality, named), "application/json; charset=utf-8");
    }
}
