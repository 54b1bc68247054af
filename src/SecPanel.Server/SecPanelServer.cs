using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>How <c>secpanel serve</c> runs.</summary>
/// <param name="Store">The store it serves.</param>
/// <param name="Clock">The clock of sign-ins, lockouts and the logs.</param>
/// <param name="Urls">Where it listens, such as <c>http://127.0.0.1:8080</c>.</param>
/// <param name="Public">Whether people without an account may read what is White (the obligation calendar, White papers).</param>
public sealed record ServerOptions(StoreLocation Store, IClock Clock, IReadOnlyList<string> Urls, bool Public)
{
    /// <summary>Failed sign-ins in a row after which an account is locked.</summary>
    public int LockoutFailures { get; init; } = 5;

    /// <summary>How long a lockout lasts.</summary>
    public Duration LockoutFor { get; init; } = Duration.FromMinutes(15);

    /// <summary>How long a session lasts without a request (each request renews it).</summary>
    public TimeSpan SessionIdle { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Sign-in attempts a client address may make in a minute.</summary>
    public int SignInsPerMinute { get; init; } = 10;

    /// <summary>A PFX certificate file to serve HTTPS with (its password from <c>SECPANEL_CERTIFICATE_PASSWORD</c>); null for plain HTTP, behind a proxy or on loopback.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>The largest upload (a zip of a case folder, or one CSV file) the server takes; larger ones are refused with 413.</summary>
    public long MaxUploadBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Where the ASP.NET Core host logs go; none by default (the server's own log is in the store).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>The daily reminders the server sends (docs/reminders.md); null for none.</summary>
    public ReminderSchedule? Reminders { get; init; }
}

/// <summary>Builds the server of <c>secpanel serve</c>: minimal APIs over the store, access by role, committee and classification.</summary>
public static class SecPanelServer
{
    /// <summary>The cookie of a signed-in session.</summary>
    public const string CookieName = "secpanel_session";

    internal const string SignInLimit = "sign-in";

    internal const string StampClaim = "secpanel:stamp";

    /// <summary>The header a signed-in session's writes carry its antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>The request's item holding the caller's account, as read when its session or token was checked.</summary>
    internal const string AccountKey = "secpanel:account";

    /// <summary>The request's item holding the store's change mark, when it was read with the caller's account.</summary>
    internal const string ChangeMarkKey = "secpanel:change-mark";

    /// <summary>The store's change mark for this request: read with the caller's account, or now.</summary>
    internal static long ChangeMark(HttpContext context, Store store) =>
        context.Items[ChangeMarkKey] is long mark ? mark : store.ChangeMark();

    private const string TokenScheme = "token";

    private const string ChooseScheme = "cookie-or-token";

    /// <summary>Builds the application; the caller starts it (<c>RunAsync</c>, or <c>StartAsync</c> in tests).</summary>
    public static WebApplication Build(ServerOptions options)
    {
        var store = Store.Open(options.Store with { Pooled = true }, options.Clock);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(SecPanelServer).Assembly.GetName().Name, Args = [] });
        builder.Logging.ClearProviders();
        options.Logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxUploadBytes, Writes.MaxRecordBytes);
            if (options.CertificateFile is { } certificate)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                    certificate, Environment.GetEnvironmentVariable("SECPANEL_CERTIFICATE_PASSWORD")));
            }
        });

        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(new AssessmentCache(store));
        builder.Services.AddSingleton(new DueDates(store));
        builder.Services.AddSingleton(new RefusalLog(options.Clock));
        builder.Services.AddSingleton(new ReadCache(store));
        if (options.Reminders is { } reminders)
        {
            builder.Services.AddHostedService(_ => new DailyReminders(store, options.Clock, reminders));
        }

        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = "secpanel_antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });

        builder.Services.AddSingleton<TimeProvider>(new ClockTime(options.Clock));
        builder.Services.AddDataProtection().SetApplicationName("SecPanel");
        builder.Services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = new StoreKeys(store));
        builder.Services.AddAuthentication(ChooseScheme)
            .AddPolicyScheme(ChooseScheme, "cookie or token", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? TokenScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = options.SessionIdle;
                cookie.SlidingExpiration = true;
                cookie.TimeProvider = new ClockTime(options.Clock);
                cookie.LoginPath = "/sign-in";

                // The API answers with a problem document; a page sends the browser to sign in, or
                // says that the role may not see it (the error page, by the status code pages).
                cookie.Events.OnRedirectToLogin = context => IsApi(context.Request)
                    ? Api.Problem(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign in first", "This needs a signed-in account or a token.")
                    : Redirect(context);
                cookie.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                    ? Api.Problem(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed", "Your role may not do this.")
                    : Status(context, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = ValidateSession;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenHandler>(TokenScheme, null);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Api.Readers, policy => policy.RequireAuthenticatedUser().RequireRole(Role.Admin.Key(), Role.Secretariat.Key(), Role.Member.Key()))
            .AddPolicy(Api.Admins, policy => policy.RequireAuthenticatedUser().RequireRole(Role.Admin.Key()))
            .AddPolicy(Writes.Editors, policy => policy.RequireAuthenticatedUser().RequireRole(Role.Admin.Key(), Role.Secretariat.Key()))
            .AddPolicy(Writes.Submitters, policy => policy.RequireAuthenticatedUser().RequireRole(Role.Admin.Key(), Role.Secretariat.Key(), Role.Dcc.Key()))
            .AddPolicy(Api.Anyone, policy => policy.RequireAuthenticatedUser())
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddRazorPages(pages => Web.Configure(pages, options));

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => IsApi(context.HttpContext.Request) ? new ValueTask(Api.Problem(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many sign-ins", "Too many sign-in attempts from this address; wait a minute.")) : ValueTask.CompletedTask;
            // Only the attempts count: showing the sign-in page does not.
            limiter.AddPolicy(SignInLimit, context => HttpMethods.IsGet(context.Request.Method) ? RateLimitPartition.GetNoLimiter("page") : RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(store.ReleaseConnections);

        // Behind a reverse proxy on the same machine (docs/access.md), the client's address and
        // scheme come from its X-Forwarded-For and X-Forwarded-Proto headers: the sign-in limit
        // then counts each client, and the session cookie is Secure when the client used HTTPS.
        // Only a proxy on loopback is believed (ASP.NET Core's default).
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseExceptionHandler();
        app.UseWhen(context => IsApi(context.Request), api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context.Request), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));

        // Routing after the status code pages, so that a page's error re-executed as /error/{code} is routed to the error page.
        app.UseRouting();
        app.Use(SecurityHeaders);
        app.Use(LogRefusals);
        app.UseAuthentication();
        app.Use(RequireAntiforgery);
        app.UseRateLimiter();
        app.UseAuthorization();
        Api.Map(app, options);
        Web.Map(app);
        return app;
    }

    /// <summary>Whether a request is for the HTTP API (problem documents) rather than a page (HTML).</summary>
    internal static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.Ordinal);

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Status(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>A session ends when its account is gone or disabled, or its stamp has changed (a password reset, a disabling).</summary>
    private static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<Store>();
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(StampClaim)?.Value;
        if (name is null || store.FindAccountAndMark(name) is not { } found || found.Account.Disabled || found.Account.Stamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        // Read once a request: the endpoints take the account from here, and what the server keeps
        // (assessments, lists) the store's change mark, read in the same query.
        context.HttpContext.Items[AccountKey] = found.Account;
        context.HttpContext.Items[ChangeMarkKey] = found.ChangeMark;
    }

    /// <summary>The principal of a signed-in account: its name, role and the stamp its session was made with.</summary>
    internal static ClaimsPrincipal Principal(Account account, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role.Key()), new Claim(StampClaim, account.Stamp)],
            scheme, ClaimTypes.Name, ClaimTypes.Role));

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next(context);
    }

    /// <summary>
    /// A write made with a session cookie (not a token, which a browser does not send by itself)
    /// carries the session's antiforgery token in <see cref="AntiforgeryHeader"/>, from
    /// <c>GET /api/antiforgery</c>: a page of another site that makes the browser send the cookie
    /// cannot know it. Signing in and out are exempt: before signing in there is no session. So is
    /// the error page shown for a refused post, which is that post again and changes nothing.
    /// </summary>
    private static async Task RequireAntiforgery(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if ((HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && !context.Request.Path.Equals("/api/session", StringComparison.Ordinal)
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            try
            {
                await context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
            {
                var actor = context.User.Identity.Name ?? "(anonymous)";
                if (context.RequestServices.GetRequiredService<RefusalLog>().Admit(actor, $"antiforgery {method} {context.Request.Path}") is { } earlier)
                {
                    context.RequestServices.GetRequiredService<Store>().LogServerEvent(actor, "refused", $"{method} {context.Request.Path} 400 without a valid antiforgery token{(earlier > 0 ? $" ({earlier} more like it in the minute before were not logged one by one)" : string.Empty)}");
                }

                if (!IsApi(context.Request))
                {
                    // A page's form: the error page says the form was out of date.
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                await Api.Problem(context, StatusCodes.Status400BadRequest, "Antiforgery token missing or wrong",
                    $"A write made with a session cookie carries the session's token in the {AntiforgeryHeader} header: get it from GET /api/antiforgery. Programs sign in with a token instead.");
                return;
            }
        }

        await next(context);
    }

    /// <summary>
    /// Every request refused for want of an account or a role goes to the server's log, once a
    /// minute for the same caller, route and answer (<see cref="RefusalLog"/>): a client that
    /// repeats a refused request cannot flood the log or hold the store's write lock with it.
    /// </summary>
    private static async Task LogRefusals(HttpContext context, RequestDelegate next)
    {
        await next(context);

        // The error page shown for a refused page request is the same request again: logged once.
        if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden && !context.Items.ContainsKey(Api.LoggedKey)
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            var route = (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var actor = context.User.Identity?.Name ?? "(anonymous)";
            var refusals = context.RequestServices.GetRequiredService<RefusalLog>();
            if (refusals.Admit(actor, $"{context.Request.Method} {route} {context.Response.StatusCode}") is { } earlier)
            {
                var store = context.RequestServices.GetRequiredService<Store>();
                var more = earlier > 0 ? $" ({earlier} more like it in the minute before were not logged one by one)" : string.Empty;
                store.LogServerEvent(actor, "refused", $"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}{more}");
            }
        }
    }
}

/// <summary>
/// Which refusals the server's log records: the first for each caller, route and answer in a
/// minute; the others are counted, and the count goes with the next one logged.
/// </summary>
internal sealed class RefusalLog(IClock clock)
{
    /// <summary>Past this many callers and routes kept, the counts start again (a flood of made-up names cannot fill the memory).</summary>
    public const int Capacity = 10_000;

    private readonly Dictionary<(string Actor, string Request), (Instant Logged, int Since)> seen = [];
    private readonly Lock gate = new();

    /// <summary>Null when this refusal is not to be logged; otherwise how many like it went unlogged since the last logged.</summary>
    public int? Admit(string actor, string request)
    {
        var now = clock.GetCurrentInstant();
        lock (gate)
        {
            if (seen.TryGetValue((actor, request), out var last) && now - last.Logged < Duration.FromMinutes(1))
            {
                seen[(actor, request)] = (last.Logged, last.Since + 1);
                return null;
            }

            if (seen.Count >= Capacity)
            {
                seen.Clear();
            }

            seen[(actor, request)] = (now, 0);
            return last.Since;
        }
    }
}
