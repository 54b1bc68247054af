using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime.Text;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Records;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>What to build: the options of <c>secpanel paper</c>.</summary>
public sealed record PaperBuild(int? PanelMeeting, string? Date, int? Paper, string? Author, string? Team, string? Issued, string? Level, int? ChartMonths, bool? ForecastQuality = null);

/// <summary>One document of a paper as a list shows it, with where to download each form of it.</summary>
public sealed record PaperDocumentBody(string Stem, string Title, string Level, IReadOnlyList<string> Files);

/// <summary>A built paper: the documents the caller may read.</summary>
public sealed record PaperBody(string Reference, string BuiltAt, string BuiltBy, IReadOnlyList<PaperDocumentBody> Documents);

/// <summary>
/// Papers over HTTP: built by the secretariat from the store, kept, listed and downloaded, each
/// document (the body, each appendix) only by those whose clearance reaches its level.
/// </summary>
internal static class PaperRoutes
{
    private static readonly (string Extension, string MediaType)[] Forms =
    [
        (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (".html", "text/html; charset=utf-8"),
        (".md", "text/markdown; charset=utf-8"),
    ];

    public static void Map(RouteGroupBuilder api, ServerOptions options)
    {
        api.MapPost("/papers", Build).RequireAuthorization(Writes.Editors)
            .WithSummary("Builds the Panel paper from the store, as secpanel paper does (panelMeeting, date, paper, and optionally author, team, issued, level, chartMonths), and keeps it; building it again replaces it. 201 with the documents the caller may read; 422 with every problem.")
            .AddOpenApiOperationTransformer(ApiDocument.JsonBody<PaperBuild>)
            .Produces<PaperBody>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        var list = api.MapGet("/papers", (HttpContext context, Store store) =>
                Results.Ok(store.Papers(LevelOf(context, store, options)).Select(Body).ToList()))
            .WithSummary("The papers built, newest first, each with the documents the caller may read (a paper with none is left out).")
            .Produces<List<PaperBody>>();
        var one = api.MapGet("/papers/{reference}", (HttpContext context, Store store, string reference) =>
                store.FindPaper(reference, LevelOf(context, store, options)) is { } paper ? Results.Ok(Body(paper)) : NoPaper(context, store, reference))
            .WithSummary("One paper with the documents the caller may read; 404 when it has none, as when it is not there.")
            .Produces<PaperBody>().ProducesProblem(StatusCodes.Status404NotFound);
        var file = api.MapGet("/papers/{reference}/{file}", Download)
            .WithSummary("One document of a paper as .docx, .html or .md; 404 for a document above the caller's clearance, as for one that is not there.")
            .Produces(StatusCodes.Status200OK, contentType: Forms[0].MediaType).ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var route in new[] { list, one, file })
        {
            // Papers are the readers'; with --public, anyone reads the White ones.
            Api.OpenWhenPublic(route, options, Api.Readers);
        }
    }

    /// <summary>
    /// The highest level of a paper's documents the caller reads. A paper's appendix gathers every
    /// committee's records at its level, so above WHITE it is for those who read every committee's
    /// records (admin, secretariat) and for members of the Panel, whose paper it is, each up to its
    /// clearance. Everyone else who may read papers reads what is WHITE.
    /// </summary>
    private static Tlp LevelOf(HttpContext context, Store store, ServerOptions options) => LevelOf(Api.Caller(context, store));

    /// <summary>The highest level of a paper's documents <paramref name="reader"/> reads (null: a visitor under --public).</summary>
    internal static Tlp LevelOf(Account? reader) => reader switch
    {
        { Role: Role.Admin or Role.Secretariat } account => account.Clearance,
        { Role: Role.Member } account when account.Committees.Contains("Panel") => account.Clearance,
        _ => Tlp.White,
    };

    private static async Task<IResult> Build(HttpContext context, Store store)
    {
        if (Api.Caller(context, store) is not { Role: Role.Admin or Role.Secretariat } account)
        {
            return Results.Forbid();
        }

        if (!context.Request.HasJsonContentType())
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not JSON", detail: "Send what to build as JSON: {\"panelMeeting\": 58, \"date\": \"2018-07-13\", \"paper\": 20}.");
        }

        PaperBuild? build;
        try
        {
            build = await context.Request.ReadFromJsonAsync<PaperBuild>(context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: $"What to build is not valid JSON: {e.Message}");
        }

        var (saved, wrong, problems) = BuildPaper(store, account, build);
        if (wrong is not null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Cannot build this", detail: wrong);
        }

        if (saved is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot build the paper", detail: string.Join("; ", problems),
                extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(p => new ProblemBody(p.File, p.Line, p.Field, p.Message)).ToList() });
        }

        return Results.Created($"/api/papers/{saved.Reference}", Body(saved));
    }

    /// <summary>
    /// Builds the paper <paramref name="build"/> asks for from the store, with the same composer and
    /// writers as <c>secpanel paper</c>, and keeps it (replacing one built before). The paper comes
    /// back with the documents <paramref name="account"/> may read; or what is wrong with the request;
    /// or the problems that stop the paper being composed.
    /// </summary>
    internal static (StoredPaper? Saved, string? Wrong, IReadOnlyList<Problems.Problem> Problems) BuildPaper(Store store, Account account, PaperBuild? build)
    {
        if (Request(build, account) is not { } request)
        {
            return (null, Wrong(build, account), []);
        }

        // What the paper needs of the store (as secpanel paper --db reads it), not the whole store.
        var (rules, workspace) = store.CaseFor(request.Date);
        if (build!.ForecastQuality == true)
        {
            request = request with { ForecastQuality = ForecastQualityReport.PaperParts(store, rules, request.Date) };
        }

        var paper = new PaperComposer(rules, workspace).Compose(request);
        if (!paper.Succeeded)
        {
            return (null, null, paper.Problems);
        }

        var documents = new[] { paper.Value.Body }.Concat(paper.Value.Appendices)
            .Select(d => new PaperFiles(d.FileStem, d.Title, d.Level, DocxWriter.Write(d), HtmlWriter.Write(d), MarkdownWriter.Write(d)))
            .ToList();
        var saved = store.SavePaper(request.Reference, JsonSerializer.Serialize(build), documents, account.Name);
        return (saved with { Documents = [.. saved.Documents.Where(d => d.Level <= LevelOf(account))] }, null, []);
    }

    /// <summary>The request the build asks for, or null when a field is missing or wrong (<see cref="Wrong"/> says which).</summary>
    private static PaperRequest? Request(PaperBuild? build, Account account) =>
        Wrong(build, account) is null
            ? new PaperRequest(build!.PanelMeeting!.Value, LocalDatePattern.Iso.Parse(build.Date!).Value, build.Paper!.Value, build.Author ?? string.Empty, build.Team ?? "SECAS Team",
                LocalDatePattern.Iso.Parse(build.Issued ?? build.Date!).Value, Level(build.Level)) { ChartMonths = build.ChartMonths ?? PaperRequest.DefaultChartMonths }
            : null;

    internal static string? Wrong(PaperBuild? build, Account account)
    {
        var level = Level(build?.Level);
        return build switch
        {
            null => "Say what to build: {\"panelMeeting\": 58, \"date\": \"2018-07-13\", \"paper\": 20}.",
            { PanelMeeting: not (>= 1 and <= 9_999) } => "panelMeeting is the Panel meeting's number, 1 to 9,999.",
            { Paper: not (>= 1 and <= 999) } => "paper is the paper's number at that meeting, 1 to 999.",
            { Date: var date } when date is null || !LocalDatePattern.Iso.Parse(date).Success => $"date is '{date}'; it is the Panel meeting's date, YYYY-MM-DD.",
            { Issued: { } issued } when !LocalDatePattern.Iso.Parse(issued).Success => $"issued is '{issued}'; it is a date, YYYY-MM-DD.",
            { ChartMonths: not null and not (>= 1 and <= 12) } => "chartMonths is 1 to 12.",
            { Level: { } given } when !Tlps.TryParse(given, out _) => $"level is '{given}'; it is WHITE, GREEN, AMBER or RED.",
            _ when level > account.Clearance => $"level is {level.Key()}, above your clearance ({account.Clearance.Key()}): you could not read the paper you built.",
            _ => null,
        };
    }

    private static Tlp Level(string? text) => text is not null && Tlps.TryParse(text, out var level) ? level : Tlp.White;

    private static IResult Download(HttpContext context, Store store, ServerOptions options, string reference, string file)
    {
        var form = Forms.FirstOrDefault(f => file.EndsWith(f.Extension, StringComparison.Ordinal));
        var stem = form.Extension is null ? null : file[..^form.Extension.Length];
        if (stem is null || store.PaperDocument(reference, stem, LevelOf(context, store, options)) is not { } document)
        {
            return NoPaper(context, store, $"{reference}/{file}");
        }

        var bytes = form.Extension switch
        {
            ".docx" => document.Docx,
            ".html" => Encoding.UTF8.GetBytes(document.Html),
            _ => Encoding.UTF8.GetBytes(document.Markdown),
        };
        if (form.Extension == ".html")
        {
            // The paper's HTML has its own inline styles and pictures as data: URIs, and no script:
            // it is allowed those, and to be shown in the papers page's preview on this site.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
            context.Response.Headers.XFrameOptions = "SAMEORIGIN";
            return Results.Bytes(bytes, form.MediaType);
        }

        return Results.File(bytes, form.MediaType, file);
    }

    private static IResult NoPaper(HttpContext context, Store store, string what)
    {
        var parts = what.Split('/');
        var stem = parts.Length > 1 ? Forms.Select(f => parts[1].EndsWith(f.Extension, StringComparison.Ordinal) ? parts[1][..^f.Extension.Length] : null).FirstOrDefault(s => s is not null) : null;
        var exists = parts.Length > 1 ? stem is not null && store.PaperDocument(parts[0], stem, Tlp.Red) is not null : store.FindPaper(parts[0], Tlp.Red) is not null;
        if (exists)
        {
            Api.LogHidden(context, store);
        }

        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no paper {what}.");
    }

    /// <summary>The forms a document downloads as: extension and media type.</summary>
    internal static IReadOnlyList<(string Extension, string MediaType)> Files => Forms;

    private static PaperBody Body(StoredPaper paper) =>
        new(paper.Reference, InstantPattern.ExtendedIso.Format(paper.BuiltAt), paper.BuiltBy,
            [.. paper.Documents.Select(d => new PaperDocumentBody(d.Stem, d.Title, d.Level.Key(), [.. Forms.Select(f => $"/api/papers/{paper.Reference}/{d.Stem}{f.Extension}")]))]);
}
