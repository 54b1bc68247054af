using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;
using SecPanel.Periods;
using SecPanel.Records;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>A sign-in request.</summary>
public sealed record SignInRequest(string? Name, string? Password);

/// <summary>The signed-in account as the API shows it to itself.</summary>
public sealed record Me(string Name, string Role, string Clearance, IReadOnlyList<string> Committees);

/// <summary>The antiforgery token of a signed-in session, and the header a write sends it in.</summary>
public sealed record AntiforgeryBody(string Token, string Header);

/// <summary>One committee record as the API gives it; <paramref name="Version"/> is also its ETag.</summary>
public sealed record RecordBody(string Kind, IReadOnlyList<string> Key, string Committee, string Level, long Version, IReadOnlyDictionary<string, string?> Fields);

/// <summary>One page of a list.</summary>
public sealed record PageBody<T>(long Total, int Offset, int Limit, IReadOnlyList<T> Items);

/// <summary>One audit entry of a record's history.</summary>
public sealed record HistoryBody(string At, string Actor, string Action, string? OldValue, string? NewValue);

/// <summary>One entry of the server's log.</summary>
public sealed record ServerLogBody(long Id, string At, string Actor, string Event, string Detail);

/// <summary>One obligation of the catalogue.</summary>
public sealed record ObligationBody(string Key, string Name, string SecReference, string Cadence, string DeliveryRule);

/// <summary>The routes of the HTTP API: each with its own authorization rule (docs/access.md).</summary>
internal static class Api
{
    /// <summary>Roles that read committee records: admin, secretariat, member.</summary>
    public const string Readers = "readers";

    /// <summary>The admin role only.</summary>
    public const string Admins = "admins";

    /// <summary>Any signed-in account.</summary>
    public const string Anyone = "anyone";

    /// <summary>The largest sign-in request body.</summary>
    public const long MaxSignInBytes = 16 * 1024;

    /// <summary>The most items a page of a list holds.</summary>
    public const int MaxLimit = 500;

    /// <summary>Set on a request whose refusal the endpoint has logged itself.</summary>
    public const string LoggedKey = "secpanel:logged";

    public static void Map(WebApplication app, ServerOptions options)
    {
        var api = app.MapGroup("/api");
        app.MapOpenApi(ApiDocument.Route).AllowAnonymous();

        api.MapPost("/session", SignIn).AllowAnonymous().RequireRateLimiting(SecPanelServer.SignInLimit)
            .WithSummary("Sign in with a name and password; the answer sets the session cookie.")
            .AddOpenApiOperationTransformer(ApiDocument.JsonBody<SignInRequest>)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapDelete("/session", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).AllowAnonymous().WithSummary("Sign out: the session cookie is cleared.").Produces(StatusCodes.Status204NoContent);
        api.MapGet("/antiforgery", (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
                Results.Ok(new AntiforgeryBody(antiforgery.GetAndStoreTokens(context).RequestToken!, SecPanelServer.AntiforgeryHeader)))
            .RequireAuthorization(Anyone)
            .WithSummary("The session's antiforgery token: a write made with the session cookie sends it in the header named here. Writes made with a token need none.")
            .Produces<AntiforgeryBody>();
        api.MapGet("/me", (HttpContext context, Store store) =>
            Caller(context, store) is { } account
                ? Results.Ok(new Me(account.Name, account.Role.Key(), account.Clearance.Key(), account.Committees))
                : Results.Unauthorized()).RequireAuthorization(Anyone)
            .WithSummary("The signed-in account: name, role, clearance, committees.").Produces<Me>().ProducesProblem(StatusCodes.Status401Unauthorized);

        var obligations = api.MapGet("/obligations", (HttpContext context, DueDates dueDates) => Results.Ok(Obligations(dueDates.Rules(context))))
            .WithSummary("The obligation catalogue, each obligation with its delivery rule.").Produces<List<ObligationBody>>();
        OpenWhenPublic(obligations, options, Anyone);

        foreach (var kind in Store.ListedKinds)
        {
            var route = Plural(kind);
            var key = string.Join("/", Store.RecordKey(kind));

            // Committee records are for the roles that read them; meetings and deliveries, which
            // are not classified, for every account (a member's list has its committees' meetings).
            var policy = Store.RecordKinds.Contains(kind) ? Readers : Anyone;
            api.MapGet($"/{route}", (HttpContext context, Store store) => List(context, store, kind)).RequireAuthorization(policy)
                .WithSummary($"A page of the {route} the caller may see (?offset, ?limit up to {MaxLimit}, and any field as a filter).")
                .Produces<PageBody<RecordBody>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
            api.MapGet($"/{route}/{{**key}}", (HttpContext context, Store store, string key) => One(context, store, kind, key)).RequireAuthorization(policy)
                .WithSummary($"One {kind} by its key ({key}), with its row version as ETag; 404 when it is not there or the caller may not see it.")
                .Produces<RecordBody>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
            api.MapGet($"/history/{route}/{{**key}}", (HttpContext context, Store store, string key) => History(context, store, kind, key)).RequireAuthorization(policy)
                .WithSummary($"The audit trail of one {kind} ({key}); 404 as for the {kind} itself.")
                .Produces<List<HistoryBody>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        }

        Writes.Map(api);
        PaperRoutes.Map(api, options);
        Dashboard.Map(api);
        CalendarRoute.Map(api, options);
        FeedRoutes.Map(app, api);
        ForecastQualityRoute.Map(api);

        api.MapGet("/assessments/{committee}/{date}", Assessment).RequireAuthorization(Anyone)
            .WithSummary("The assessment of the DCC reports a committee meeting considers (the JSON of docs/assessment-json.md; a variance report's users only those with exceptions unless ?users=all); 404 for a meeting of a committee the caller does not belong to.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/server-log", (Store store, int? limit, long? before) =>
            Results.Ok(store.ServerLog(Math.Clamp(limit ?? 100, 1, MaxLimit), before)
                .Select(e => new ServerLogBody(e.Id, InstantPattern.ExtendedIso.Format(e.At), e.Actor, e.Event, e.Detail)).ToList()))
            .RequireAuthorization(Admins).WithSummary("The server's log, newest first: sign-ins, lockouts, refused and hidden requests.").Produces<List<ServerLogBody>>();
    }

    /// <summary>A route anyone may call when the server is started with <c>--public</c>, and otherwise only callers of <paramref name="policy"/>.</summary>
    public static void OpenWhenPublic(RouteHandlerBuilder route, ServerOptions options, string policy)
    {
        if (options.Public)
        {
            route.AllowAnonymous();
        }
        else
        {
            route.RequireAuthorization(policy);
        }
    }

    /// <summary>Records in the server's log that the caller asked for something that exists but is hidden from it.</summary>
    public static void LogHidden(HttpContext context, Store store) =>
        store.LogServerEvent(context.User.Identity?.Name ?? "(anonymous)", "hidden", $"{context.Request.Method} {context.Request.Path}");

    /// <summary>The route of a kind of record: <c>items</c>, <c>assurance-decisions</c>, <c>deliveries</c>, ...</summary>
    public static string Plural(string kind) => kind.EndsWith('y') ? kind[..^1] + "ies" : kind + "s";

    /// <summary>Writes a problem document (RFC 9457).</summary>
    public static async Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static async Task<IResult> SignIn(HttpContext context, Store store, ServerOptions options)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not JSON", detail: "Send the sign-in as JSON: {\"name\": ..., \"password\": ...}.");
        }

        // A sign-in is a few hundred bytes: a bigger body is refused before it is read.
        if (context.Request.ContentLength > MaxSignInBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: $"A sign-in is at most {MaxSignInBytes:N0} bytes.");
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxSignInBytes;
        }

        SignInRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<SignInRequest>(context.RequestAborted);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: $"The sign-in is not valid JSON: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: $"A sign-in is at most {MaxSignInBytes:N0} bytes.");
        }

        if (request is not { Name: { Length: > 0 } name, Password: { } password })
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Incomplete sign-in", detail: "Give both 'name' and 'password'.");
        }

        // One answer for every failure, so that the response does not tell whether the name exists,
        // is disabled or locked; the server's log says which it was.
        context.Items[LoggedKey] = true;
        if (CheckSignIn(context, store, options, name, password) is not { } account)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: SignInRefused);
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SecPanelServer.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.NoContent();
    }

    /// <summary>What a refused sign-in is told, whatever the reason: the server's log says which it was.</summary>
    public const string SignInRefused = "The name or password is wrong, or the account is locked or disabled.";

    /// <summary>
    /// The account that <paramref name="name"/> and <paramref name="password"/> sign in, or null;
    /// either way the server's log says what happened (<paramref name="succeeded"/> when it is right),
    /// and a wrong password counts towards a lockout.
    /// The caller sets the session (the API's JSON sign-in and the sign-in page).
    /// </summary>
    internal static Account? CheckSignIn(HttpContext context, Store store, ServerOptions options, string name, string password, string succeeded = "signed in")
    {
        var now = options.Clock.GetCurrentInstant();

        // A name no account can have (a line break, 10,000 characters) is not looked up, and the
        // log records it escaped and cut short, so that a sign-in cannot forge or flood the log.
        if (AuditActor.Problem(name) is not null)
        {
            var shown = AuditActor.Printable(name.Length > 100 ? name[..100] + "..." : name);
            store.LogServerEvent("(invalid name)", "sign-in failed", $"no account can have the name '{shown}'");
            return null;
        }

        var found = store.FindAccount(name);
        if (found is not { Account: var account, PasswordHash: { } hash })
        {
            Credentials.VerifyPassword(Credentials.DecoyHash, password);
            store.LogServerEvent(name, "sign-in failed", "no account of this name that signs in by password");
            return null;
        }

        if (account.Disabled)
        {
            store.LogServerEvent(name, "sign-in failed", "the account is disabled");
            return null;
        }

        if (account.IsLockedAt(now))
        {
            store.LogServerEvent(name, "sign-in failed", $"the account is locked until {InstantPattern.ExtendedIso.Format(account.LockedUntil!.Value)}");
            return null;
        }

        if (!Credentials.VerifyPassword(hash, password))
        {
            var lockNow = account.FailedSignIns + 1 >= options.LockoutFailures;
            store.RecordSignIn(name, false, lockNow ? now + options.LockoutFor : null);
            store.LogServerEvent(name, lockNow ? "locked out" : "sign-in failed", lockNow
                ? $"{options.LockoutFailures} wrong passwords in a row; locked for {options.LockoutFor.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes"
                : "wrong password");
            return null;
        }

        store.RecordSignIn(name, true, null);
        store.LogServerEvent(name, succeeded, context.Connection.RemoteIpAddress?.ToString() ?? string.Empty);
        return account;
    }

    /// <summary>The caller's account as stored now, or null for nobody.</summary>
    internal static Account? Caller(HttpContext context, Store store) =>
        context.User.Identity is not { IsAuthenticated: true, Name: { } name } ? null
        : context.Items[SecPanelServer.AccountKey] is Account checkedNow ? checkedNow
        : store.FindAccount(name) is { } found ? found.Account : null;

    /// <summary>What the caller may see of committee records, meetings and deliveries (the DCC: only what is not classified, the meetings and deliveries).</summary>
    internal static Access? AccessOf(Account? account) => account?.Role switch
    {
        Role.Admin => Access.Everything,
        Role.Secretariat => new Access(account.Clearance, null),
        Role.Member => new Access(account.Clearance, account.Committees.ToHashSet(StringComparer.Ordinal)),
        Role.Dcc => new Access(Tlp.White, null),
        _ => null,
    };

    /// <summary>What the caller may see of <paramref name="kind"/>: null when its role does not read that kind at all (the DCC and committee records).</summary>
    internal static Access? AccessOf(Account? account, string kind) =>
        account?.Role == Role.Dcc && Store.RecordKinds.Contains(kind) ? null : AccessOf(account);

    private static IResult Assessment(HttpContext context, Store store, string committee, string date)
    {
        if (AccessOf(Caller(context, store)) is not { } access)
        {
            return Results.Forbid();
        }

        var key = new[] { committee, date };
        if (store.ReadRecord("meeting", access, key) is null)
        {
            return NotFound(context, store, "meeting", key);
        }

        var users = context.Request.Query["users"].ToString();
        if (users is not ("" or "exceptions" or "all"))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parameter value", detail: $"users is '{users}'; it is 'exceptions' (the default: a variance report's Users whose figures are exceptions) or 'all'.");
        }

        var (json, problem) = context.RequestServices.GetRequiredService<AssessmentCache>().Get(context, committee, LocalDatePattern.Iso.Parse(date).Value, date, users == "all");
        return json is not null
            ? Results.Bytes(json, "application/json")
            : Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot assess", detail: problem);
    }

    private static IResult List(HttpContext context, Store store, string kind)
    {
        if (AccessOf(Caller(context, store), kind) is not { } access)
        {
            return Results.Forbid();
        }

        var columns = Store.RecordColumns(kind);
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        int offset = 0, limit = 100;
        foreach (var (name, values) in context.Request.Query)
        {
            var value = values.ToString();
            switch (name)
            {
                case "offset" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var o):
                    offset = o;
                    break;
                case "limit" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= MaxLimit:
                    limit = l;
                    break;
                case "offset" or "limit":
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad paging", detail: $"'{name}' is '{value}'; offset is a whole number from 0, limit from 1 to {MaxLimit}.");
                case var column when columns.Contains(column):
                    filters[column] = value;
                    break;
                default:
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parameter", detail: $"'{name}' is not a field of {Plural(kind)}; the fields are {string.Join(", ", columns)}, with offset and limit.");
            }
        }

        // Callers who see the same get the same page: it is kept while the store is unchanged.
        var key = $"list|{kind}|{ReadCache.KeyOf(access, true)}|{offset}|{limit}|{System.Text.Json.JsonSerializer.Serialize(filters.OrderBy(f => f.Key, StringComparer.Ordinal))}";
        return context.RequestServices.GetRequiredService<ReadCache>().Get(context, key, () =>
        {
            var page = store.ReadRecords(kind, access, filters, offset, limit);
            return new PageBody<RecordBody>(page.Total, page.Offset, page.Limit, [.. page.Records.Select(Body)]);
        });
    }

    private static IResult One(HttpContext context, Store store, string kind, string key)
    {
        if (AccessOf(Caller(context, store), kind) is not { } access)
        {
            return Results.Forbid();
        }

        var parts = KeyParts(key);
        if (store.ReadRecord(kind, access, parts) is { } record)
        {
            context.Response.Headers.ETag = $"\"{record.Version.ToString(CultureInfo.InvariantCulture)}\"";
            return Results.Ok(Body(record));
        }

        return NotFound(context, store, kind, parts);
    }

    private static IResult History(HttpContext context, Store store, string kind, string key)
    {
        if (AccessOf(Caller(context, store), kind) is not { } access)
        {
            return Results.Forbid();
        }

        var parts = KeyParts(key);
        return store.RecordHistory(kind, access, parts) is { } entries
            ? Results.Ok(entries.Select(e => new HistoryBody(InstantPattern.ExtendedIso.Format(e.At), e.Actor, e.Action, e.OldValue, e.NewValue)).ToList())
            : NotFound(context, store, kind, parts);
    }

    /// <summary>
    /// 404, the same for a record that is not there and one the caller may not see; the second is
    /// in the server's log as hidden.
    /// </summary>
    internal static IResult NotFound(HttpContext context, Store store, string kind, IReadOnlyList<string> key)
    {
        if (store.ReadRecord(kind, Access.Everything, key) is not null)
        {
            LogHidden(context, store);
        }

        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no {kind} {string.Join("/", key)}.");
    }

    /// <summary>
    /// A key in a path: its parts between '/'. The server has decoded the path already, all but an
    /// escaped '/' (%2F), which is how a '/' inside a part is written.
    /// </summary>
    internal static List<string> KeyParts(string key) => [.. key.Split('/').Select(p => p.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase))];

    internal static RecordBody Body(StoredRecord record) =>
        new(record.Kind, record.Key, record.Committee, record.Level.Key(), record.Version, record.Fields);

    internal static List<ObligationBody> Obligations(RuleBook rules) =>
        [.. rules.Catalogue.All.Select(o => new ObligationBody(o.Key, o.Name, o.SecReference, o.Cadence.Key(), o.DeliveryRule))];
}
