using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using NodaTime.Text;
using SecPanel.Problems;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>A record to write: its fields as people write them, column name to text.</summary>
public sealed record RecordWrite(IReadOnlyDictionary<string, string?>? Fields);

/// <summary>One problem of a refused write, where it is and what is wrong.</summary>
public sealed record ProblemBody(string File, int? Line, string? Field, string Message);

/// <summary>An upload validated and waiting to be committed: the files read and what the import would write.</summary>
public sealed record UploadBody(string Id, string CreatedAt, bool Update, IReadOnlyList<string> Files, IReadOnlyList<ImportCount> Counts);

/// <summary>How a write of one record went.</summary>
internal enum WriteResult
{
    /// <summary>Written.</summary>
    Written,

    /// <summary>No such record the writer may see.</summary>
    Missing,

    /// <summary>Added, but the key is taken; or changed, but the record has changed since it was read.</summary>
    Stale,

    /// <summary>Refused by the import's checks; the problems say why.</summary>
    Refused,
}

/// <summary>A write of one record: how it went, the record's key, the record (as written, or as stored when refused), and the problems.</summary>
internal sealed record WriteAnswer(WriteResult Result, IReadOnlyList<string> Key, StoredRecord? Record, IReadOnlyList<Problem> Problems);

/// <summary>What a committed upload wrote.</summary>
public sealed record CommitBody(IReadOnlyList<ImportCount> Counts);

/// <summary>
/// The writes of the API: single records (create, and edit with If-Match), and uploads of case
/// folders and files, validated first and committed after. Every write goes through the store's
/// import (the same validation, one transaction, audited under the caller's name).
/// </summary>
internal static class Writes
{
    /// <summary>Roles that keep the committees' records: admin and secretariat.</summary>
    public const string Editors = "editors";

    /// <summary>Roles that submit the DCC's deliveries and figures: admin, secretariat and the DCC.</summary>
    public const string Submitters = "submitters";

    /// <summary>The largest JSON body of a single record.</summary>
    public const long MaxRecordBytes = 1024 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        foreach (var kind in Store.ListedKinds)
        {
            var route = Api.Plural(kind);
            var policy = Store.DccKinds.Contains(kind) ? Submitters : Editors;
            api.MapPost($"/{route}", (HttpContext context, Store store) => Create(context, store, kind)).RequireAuthorization(policy)
                .WithSummary($"Adds one {kind} from its fields, through the same validation as an import of {Store.RecordFile(kind)}; 201 with its ETag, 422 with every problem, 412 when it is stored already.")
                .AddOpenApiOperationTransformer(ApiDocument.JsonBody<RecordWrite>)
                .Produces<RecordBody>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
            api.MapPatch($"/{route}/{{**key}}", (HttpContext context, Store store, string key) => Edit(context, store, kind, key)).RequireAuthorization(policy)
                .WithSummary($"Changes fields of one {kind} (a field left out keeps its value), with If-Match of its ETag: 428 without, 412 when it changed since; 404 as for reading it; 422 with every problem.")
                .AddOpenApiOperationTransformer(ApiDocument.JsonBody<RecordWrite>)
                .Produces<RecordBody>().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        }

        api.MapPost("/imports", Upload).RequireAuthorization(Submitters)
            .WithSummary($"Uploads a case folder as a zip (application/zip) or one file (text/csv with ?file=variance.csv), and validates it with the store: 201 with what it would write, to commit; 422 with every problem, and nothing kept. ?update=true lets it replace stored records. At most the server's upload limit (64 MB unless set otherwise), unzipped {ZipUpload.MaxTextBytes / (1024 * 1024)} MB.")
            .AddOpenApiOperationTransformer(ApiDocument.Body("application/zip", "text/csv"))
            .Produces<UploadBody>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/imports/{id}", (HttpContext context, Store store, string id) =>
                Api.Caller(context, store) is { } account && store.FindUpload(id, account.Name) is { } upload ? Results.Ok(Body(upload)) : NoUpload(id))
            .RequireAuthorization(Submitters).WithSummary("An upload of the caller's that waits to be committed; 404 for another's.")
            .Produces<UploadBody>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/imports/{id}/commit", Commit).RequireAuthorization(Submitters)
            .WithSummary("Commits an upload of the caller's: validated again with the store as it is now, then written in one transaction; 422 with every problem (the upload is kept).")
            .Produces<CommitBody>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapDelete("/imports/{id}", (HttpContext context, Store store, string id) =>
                Api.Caller(context, store) is { } account && store.DeleteUpload(id, account.Name) ? Results.NoContent() : NoUpload(id))
            .RequireAuthorization(Submitters).WithSummary("Discards an upload of the caller's.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Create(HttpContext context, Store store, string kind)
    {
        if (Api.Caller(context, store) is not { } account || !MayWrite(account, kind))
        {
            return Results.Forbid();
        }

        var (fields, refusal) = await ReadFields(context);
        if (refusal is not null)
        {
            return refusal;
        }

        var answer = Add(store, account, kind, fields!);
        switch (answer.Result)
        {
            case WriteResult.Stale:
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Stored already", detail: $"There is a {kind} {string.Join("/", answer.Key)} already: change it with PATCH and its ETag.");
            case WriteResult.Refused:
                return Refused(answer.Problems);
            default:
                var record = answer.Record!;
                context.Response.Headers.ETag = ETag(record.Version);
                return Results.Created($"/api/{Api.Plural(kind)}/{string.Join("/", record.Key.Select(Uri.EscapeDataString))}", Api.Body(record));
        }
    }

    private static async Task<IResult> Edit(HttpContext context, Store store, string kind, string key)
    {
        if (Api.Caller(context, store) is not { } account || !MayWrite(account, kind))
        {
            return Results.Forbid();
        }

        var parts = Api.KeyParts(key);
        if (store.ReadRecord(kind, WriterAccess(account)!, parts) is not { } record)
        {
            return Api.NotFound(context, store, kind, parts);
        }

        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match needed", detail: $"Send If-Match with the ETag of the {kind} as you read it ({ETag(record.Version)} now), so that a change made meanwhile is not overwritten.");
        }

        if (!long.TryParse(ifMatch.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || ifMatch.Length < 3 || ifMatch[0] != '"' || ifMatch[^1] != '"')
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad If-Match", detail: $"If-Match is '{ifMatch}'; it is the ETag of the {kind}, such as {ETag(record.Version)}.");
        }

        var (fields, refusal) = await ReadFields(context);
        if (refusal is not null)
        {
            return refusal;
        }

        var answer = Change(store, account, kind, parts, fields!, version);
        switch (answer.Result)
        {
            case WriteResult.Missing:
                return Api.NotFound(context, store, kind, parts);
            case WriteResult.Stale:
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed since read", detail: $"The {kind} {string.Join("/", parts)} has changed since it was read (If-Match {ifMatch}); read it again and make the change on what it holds now.");
            case WriteResult.Refused:
                return Refused(answer.Problems);
            default:
                context.Response.Headers.ETag = ETag(answer.Record!.Version);
                return Results.Ok(Api.Body(answer.Record));
        }
    }

    /// <summary>Whether <paramref name="account"/> writes records of <paramref name="kind"/>: deliveries and maintenance windows the DCC too, the rest admin and secretariat.</summary>
    internal static bool MayWrite(Account account, string kind) =>
        WriterAccess(account) is not null && (Store.DccKinds.Contains(kind) || account.Role is Role.Admin or Role.Secretariat);

    /// <summary>
    /// Adds a record of <paramref name="kind"/> from its fields, as an import of that one line by
    /// the account would: <see cref="WriteResult.Stale"/> when a record with its key is stored
    /// already (one the account may not see included, telling it nothing more).
    /// </summary>
    internal static WriteAnswer Add(Store store, Account account, string kind, IReadOnlyDictionary<string, string?> fields)
    {
        var access = WriterAccess(account)!;
        var key = Store.CanonicalKey(kind, fields);
        var outcome = store.WriteRecord(kind, fields, "the request", new ImportOptions(account.Name)
        {
            Writer = access,
            Expect = new ImportExpectation(kind, key, null),
        });
        return outcome.Stale ? new WriteAnswer(WriteResult.Stale, key, null, [])
            : !outcome.Succeeded ? new WriteAnswer(WriteResult.Refused, key, null, outcome.Problems)
            : new WriteAnswer(WriteResult.Written, key, store.ReadRecord(kind, access, key), []);
    }

    /// <summary>
    /// Changes the fields given of the record <paramref name="key"/>, as read at row version
    /// <paramref name="version"/>; a field left out keeps its value, and a key field is never moved.
    /// </summary>
    internal static WriteAnswer Change(Store store, Account account, string kind, IReadOnlyList<string> key, IReadOnlyDictionary<string, string?> fields, long version)
    {
        var access = WriterAccess(account)!;
        if (store.ReadRecord(kind, access, key) is not { } record)
        {
            return new WriteAnswer(WriteResult.Missing, key, null, []);
        }

        // The key is the address: a field of the key that says otherwise is a mistake, not a move.
        var names = Store.RecordKey(kind);
        var canonical = Store.CanonicalKey(kind, fields);
        var moved = names.Select((n, i) => (Name: n, Was: record.Key[i], Now: fields.ContainsKey(n) ? canonical[i] : null, Given: fields.GetValueOrDefault(n)))
            .FirstOrDefault(k => k.Now is not null && k.Now != k.Was);
        if (moved.Name is not null)
        {
            return new WriteAnswer(WriteResult.Refused, record.Key, record, [new Problem("the request", null, moved.Name, $"is '{moved.Given}', but the {kind} edited is {string.Join("/", record.Key)}: a key field is not changed by an edit")]);
        }

        var merged = record.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            merged[name] = value;
        }

        var outcome = store.WriteRecord(kind, merged, "the request", new ImportOptions(account.Name, AllowUpdates: true)
        {
            Writer = access,
            Expect = new ImportExpectation(kind, record.Key, version),
        });

        // Written down past the writer's clearance is not possible (the writer's access is checked),
        // so the record is still the writer's to read.
        return outcome.Stale ? new WriteAnswer(WriteResult.Stale, record.Key, record, [])
            : !outcome.Succeeded ? new WriteAnswer(WriteResult.Refused, record.Key, record, outcome.Problems)
            : new WriteAnswer(WriteResult.Written, record.Key, store.ReadRecord(kind, access, record.Key), []);
    }

    private static async Task<IResult> Upload(HttpContext context, Store store, ServerOptions options)
    {
        if (Api.Caller(context, store) is not { } account || WriterAccess(account) is null)
        {
            return Results.Forbid();
        }

        var query = context.Request.Query;
        if (query.Keys.FirstOrDefault(k => k is not ("update" or "file")) is { } unknown)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parameter", detail: $"'{unknown}' is not a parameter of an upload; they are update (true or false) and file (the name of a CSV file sent alone).");
        }

        var update = query["update"].ToString();
        if (update is not ("" or "true" or "false"))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parameter value", detail: $"update is '{update}'; it is true or false.");
        }

        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var file = query["file"].ToString();
        if (mediaType is not ("application/zip" or "application/x-zip-compressed" or "text/csv"))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not a zip or CSV", detail: $"An upload is a case folder as a zip (Content-Type: application/zip) or one CSV file (Content-Type: text/csv, with ?file=its name); this is '{context.Request.ContentType}'.");
        }

        if (mediaType == "text/csv" ? file.Length == 0 : file.Length > 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "File name", detail: mediaType == "text/csv"
                ? $"Say which file this is with ?file=, one of {string.Join(", ", Store.ImportedPaths)}."
                : "?file= names a CSV file sent alone; a zip's files are named by their paths in it.");
        }

        List<ImportText> files;
        try
        {
            using var body = await ReadBody(context, options.MaxUploadBytes);
            files = mediaType == "text/csv"
                ? [new ImportText(file, file, ZipUpload.Decode(body.GetBuffer().AsSpan(0, (int)body.Length), file))]
                : ZipUpload.Read(body, "upload.zip");
        }
        catch (UploadException e)
        {
            return Results.Problem(statusCode: e.Status, title: e.Title, detail: e.Message);
        }

        var staged = Stage(store, account, files, update == "true");
        return staged.Forbidden is { } forbidden ? Forbid(forbidden)
            : staged.Upload is { } upload ? Results.Created($"/api/imports/{upload.Id}", Body(upload))
            : Refused(staged.Problems);
    }

    /// <summary>
    /// Validates <paramref name="files"/> as an import by <paramref name="account"/> would be (a dry
    /// run with its access) and, when they are valid, keeps them as its pending upload. Files its
    /// role may not upload are refused before anything is read.
    /// </summary>
    internal static (PendingUpload? Upload, IReadOnlyList<Problem> Problems, string? Forbidden) Stage(Store store, Account account, IReadOnlyList<ImportText> files, bool allowUpdates)
    {
        if (WriterAccess(account) is not { } access)
        {
            return (null, [], "Your role does not upload.");
        }

        if (Forbidden(account, files) is { } forbidden)
        {
            return (null, [], forbidden);
        }

        var outcome = store.Import(files, new ImportOptions(account.Name, AllowUpdates: allowUpdates, Again: "upload it again") { Writer = access, DryRun = true });
        return outcome.Succeeded ? (store.AddUpload(account.Name, allowUpdates, files, outcome.Counts), [], null) : (null, outcome.Problems, null);
    }

    /// <summary>
    /// Imports the account's pending upload <paramref name="id"/>, validated again against the store as
    /// it is now, in one transaction; the upload is then gone. Null when the account has no such upload.
    /// </summary>
    internal static (ImportOutcome? Outcome, string? Forbidden) CommitUpload(Store store, Account account, string id)
    {
        if (WriterAccess(account) is not { } access || store.FindUpload(id, account.Name) is not { } upload)
        {
            return (null, null);
        }

        if (Forbidden(account, upload.Files) is { } forbidden)
        {
            return (null, forbidden);
        }

        var outcome = store.Import(upload.Files, new ImportOptions(account.Name, AllowUpdates: upload.AllowUpdates, Again: "upload it again") { Writer = access });
        if (outcome.Succeeded)
        {
            store.DeleteUpload(id, account.Name);
        }

        return (outcome, null);
    }

    private static IResult Forbid(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not yours to upload", detail: detail);

    private static IResult Commit(HttpContext context, Store store, string id)
    {
        if (Api.Caller(context, store) is not { } account || WriterAccess(account) is null)
        {
            return Results.Forbid();
        }

        var (outcome, forbidden) = CommitUpload(store, account, id);
        return forbidden is not null ? Forbid(forbidden)
            : outcome is null ? NoUpload(id)
            : outcome.Succeeded ? Results.Ok(new CommitBody(outcome.Counts))
            : Refused(outcome.Problems);
    }

    /// <summary>A file the caller's role may not upload: rule data is the admin's, and the DCC uploads only its deliveries and figures.</summary>
    private static string? Forbidden(Account account, IReadOnlyList<ImportText> files)
    {
        foreach (var file in files)
        {
            var allowed = Store.FileClass(file.File) switch
            {
                ImportFileClass.Unknown => true, // the import refuses it by name
                ImportFileClass.Rules => account.Role == Role.Admin,
                ImportFileClass.Records => account.Role is Role.Admin or Role.Secretariat,
                _ => true,
            };
            if (!allowed)
            {
                return account.Role == Role.Dcc
                    ? $"{file.Display}: the DCC uploads its deliveries, figures and maintenance windows ({string.Join(", ", Store.ImportedPaths.Where(p => Store.FileClass(p) == ImportFileClass.Figures))}); nothing was read."
                    : $"{file.Display}: rule data is changed by an admin; nothing was read.";
            }
        }

        return null;
    }

    /// <summary>What a writer may write: what it may read (the DCC: deliveries and figures only, which are not classified).</summary>
    private static Access? WriterAccess(Account account) => account.Role switch
    {
        Role.Admin => Access.Everything,
        Role.Secretariat => new Access(account.Clearance, null),
        Role.Dcc => new Access(Records.Tlp.White, null),
        _ => null,
    };

    private static async Task<(Dictionary<string, string?>? Fields, IResult? Refusal)> ReadFields(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not JSON", detail: "Send the record as JSON: {\"fields\": {\"column\": \"value\", ...}}."));
        }

        try
        {
            using var body = await ReadBody(context, MaxRecordBytes);
            using var json = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("fields", out var given) || given.ValueKind != JsonValueKind.Object)
            {
                return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No fields", detail: "The record is an object with 'fields': {\"fields\": {\"column\": \"value\", ...}}."));
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var field in given.EnumerateObject())
            {
                if (field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not text", detail: $"fields.{field.Name} is {field.Value.ValueKind.ToString().ToLowerInvariant()}; every field is written as text, as in a CSV file (\"42\", \"2026-11-25\"), or null for empty."));
                }

                fields[field.Name] = field.Value.GetString();
            }

            return (fields, null);
        }
        catch (JsonException e)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: $"The record is not valid JSON: {e.Message}"));
        }
        catch (UploadException e)
        {
            return (null, Results.Problem(statusCode: e.Status, title: e.Title, detail: e.Message));
        }
    }

    /// <summary>The request's body, refused with 413 past <paramref name="most"/> bytes (before it is read when its length is declared).</summary>
    private static async Task<MemoryStream> ReadBody(HttpContext context, long most)
    {
        var tooLarge = new UploadException(StatusCodes.Status413PayloadTooLarge, "Too large", $"This request's body is at most {most / 1024:N0} KB; nothing was read.");
        if (context.Request.ContentLength > most)
        {
            throw tooLarge;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = most;
        }

        var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await body.DisposeAsync();
            throw tooLarge;
        }

        body.Position = 0;
        return body;
    }

    /// <summary>422 with every problem, located.</summary>
    private static IResult Refused(IReadOnlyList<Problem> problems) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refused; nothing was written",
            detail: problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems; the first: {problems[0]}",
            extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(p => new ProblemBody(p.File, p.Line, p.Field, p.Message)).ToList() });

    private static IResult NoUpload(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no upload {id} of yours waiting to be committed.");

    private static UploadBody Body(PendingUpload upload) =>
        new(upload.Id, InstantPattern.ExtendedIso.Format(upload.CreatedAt), upload.AllowUpdates, [.. upload.Files.Select(f => f.Display)], upload.Counts);

    private static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
