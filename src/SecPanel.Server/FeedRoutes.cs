using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime.Text;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>A request for a calendar feed: one committee's, or (null) all the account may see.</summary>
public sealed record FeedCreate(string? Committee);

/// <summary>A calendar feed of the caller's; <see cref="Url"/> only when it is made (the secret is never shown again).</summary>
public sealed record FeedBody(string Id, string? Committee, string Created, bool Revoked, string? Url);

/// <summary>
/// Calendar feeds to subscribe to (docs/calendar-feeds.md): each account makes its own, at a secret
/// address that a calendar program reads without signing in, holding what that account may see,
/// read with its access at each request (a clearance lowered, or an account disabled, shows at
/// once); revoking a feed stops its address. An address that is unknown, revoked or wrong in any
/// part, or whose account is disabled, is 404, the same in each case.
/// </summary>
internal static class FeedRoutes
{
    /// <summary>The address of a feed: its id, then its secret.</summary>
    public const string Route = "/feeds/{id}/{secret}.ics";

    public static void Map(WebApplication app, RouteGroupBuilder api)
    {
        app.MapGet(Route, Read).AllowAnonymous()
            .WithSummary("A calendar feed (iCalendar): the reports due, the meetings and the open actions its account may see, from 92 days ago to a year ahead. No sign-in: the address is the secret. 404 when unknown or revoked.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/calendar-feeds", Create).RequireAuthorization(Api.Anyone)
            .WithSummary("Makes a calendar feed of the caller's (of one committee, or all it may see); the answer carries its address, shown this once.")
            .AddOpenApiOperationTransformer(ApiDocument.JsonBody<FeedCreate>)
            .Produces<FeedBody>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/calendar-feeds", (HttpContext context, Store store) => Results.Ok(store.CalendarFeedsOf(Api.Caller(context, store)!.Name).Select(f => Body(f, null)).ToList()))
            .RequireAuthorization(Api.Anyone)
            .WithSummary("The caller's calendar feeds, revoked ones included (without their addresses).").Produces<List<FeedBody>>();
        api.MapDelete("/calendar-feeds/{id}", (HttpContext context, Store store, string id) =>
                store.RevokeCalendarFeed(id, Api.Caller(context, store)!.Name, Api.Caller(context, store)!.Name) ? Results.NoContent()
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such feed", detail: $"You have no calendar feed '{id}' that is not revoked already."))
            .RequireAuthorization(Api.Anyone)
            .WithSummary("Revokes a calendar feed of the caller's: its address stops answering at once; 404 for another's.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Makes a feed for <paramref name="account"/>; the address comes back once.</summary>
    public static (CalendarFeedKey Feed, string Path) Make(Store store, string account, string? committee)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = Credentials.NewSecret();
        var feed = store.AddCalendarFeed(id, account, Credentials.HashSecret(secret), committee, account);
        return (feed, $"/feeds/{id}/{secret}.ics");
    }

    private static async Task<IResult> Create(HttpContext context, Store store)
    {
        var account = Api.Caller(context, store)!;
        FeedCreate? request;
        try
        {
            request = context.Request.ContentLength is 0 or null && !context.Request.HasJsonContentType() ? new FeedCreate(null)
                : await context.Request.ReadFromJsonAsync<FeedCreate>(context.RequestAborted);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"The body is not a feed request ({{\"committee\": \"OPSG\"}} or {{}}): {e.Message}");
        }

        if (request?.Committee is { } committee && store.Rules().Committees.All(c => c.Key != committee))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No such committee",
                detail: $"'{committee}' is not a committee; the committees are {string.Join(", ", store.Rules().Committees.Select(c => c.Key))}.");
        }

        var (feed, path) = Make(store, account.Name, request?.Committee);
        var url = new Uri(new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}"), path).ToString();
        return Results.Created($"/api/calendar-feeds/{feed.Id}", Body(feed, url));
    }

    private static IResult Read(HttpContext context, Store store, ServerOptions options, string id, string secret)
    {
        var feed = store.FindCalendarFeed(id);
        var account = feed is null ? null : store.FindAccount(feed.Account)?.Account;
        if (feed is null || feed.Revoked || !Credentials.VerifySecret(feed.SecretHash, secret) || account is null || account.Disabled || Api.AccessOf(account) is not { } access)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no calendar feed at this address.");
        }

        var today = options.Clock.GetCurrentInstant().InZone(Traffic.TrafficRules.Zone).Date;
        var site = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
        var text = CalendarFeed.Build(store, new FeedRequest(today.PlusDays(-CalendarFeed.DaysBack), today.PlusDays(CalendarFeed.DaysAhead), feed.Committee, access, site));
        return Results.Text(text, "text/calendar; charset=utf-8");
    }

    private static FeedBody Body(CalendarFeedKey feed, string? url) =>
        new(feed.Id, feed.Committee, InstantPattern.ExtendedIso.Format(feed.CreatedAt), feed.Revoked, url);
}
