using System.Data.Common;
using System.Text.Json;
using Dapper;
using NodaTime;
using NodaTime.Text;
using SecPanel.Records;

namespace SecPanel.Storage;

/// <summary>One document of a built paper (its body, or an appendix) in the forms people download.</summary>
public sealed record PaperFiles(string Stem, string Title, Tlp Level, byte[] Docx, string Html, string Markdown);

/// <summary>One document of a built paper as a list shows it: no files.</summary>
public sealed record PaperEntry(string Stem, string Title, Tlp Level);

/// <summary>A paper built through the server: its reference, who built it and when, what was asked, and its documents.</summary>
public sealed record StoredPaper(string Reference, Instant BuiltAt, string BuiltBy, string Request, IReadOnlyList<PaperEntry> Documents);

/// <summary>Papers built through the server (schema 8).</summary>
public sealed partial class Store
{
    private const string PaperKind = "paper";

    /// <summary>
    /// Keeps the documents of the paper <paramref name="reference"/>, replacing those of an earlier
    /// build of it, in one transaction; the build is audited as kind <c>paper</c> under
    /// <paramref name="actor"/>, with the request and each document's level (never the text).
    /// </summary>
    public StoredPaper SavePaper(string reference, string request, IReadOnlyList<PaperFiles> documents, string actor)
    {
        if (AuditActor.Problem(actor) is { } wrong)
        {
            throw new ArgumentException($"the audit trail cannot record this actor: {wrong}", nameof(actor));
        }

        var now = clock.GetCurrentInstant();
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        var old = PaperAt(connection, transaction, reference);
        connection.Execute("DELETE FROM \"papers\" WHERE \"reference\" = @reference", new { reference }, transaction);
        foreach (var document in documents)
        {
            connection.Execute(
                "INSERT INTO \"papers\" (\"reference\", \"stem\", \"title\", \"level\", \"built_at\", \"built_by\", \"request\", \"docx\", \"html\", \"markdown\") VALUES (@reference, @stem, @title, @level, @at, @actor, @request, @docx, @html, @markdown)",
                new { reference, stem = document.Stem, title = document.Title, level = document.Level.Key(), at = InstantPattern.ExtendedIso.Format(now), actor, request, docx = document.Docx, html = document.Html, markdown = document.Markdown },
                transaction);
        }

        var paper = new StoredPaper(reference, now, actor, request, [.. documents.OrderBy(d => d.Level).Select(d => new PaperEntry(d.Stem, d.Title, d.Level))]);
        Audit(connection, transaction, actor, now, PaperKind, reference, old is null ? "insert" : "update", old is null ? null : AuditText(old), AuditText(paper));
        transaction.Commit();
        return paper;
    }

    /// <summary>
    /// The papers built, newest first, each with the documents at or below <paramref name="level"/>;
    /// a paper none of whose documents is within it is left out. No document's files are read.
    /// </summary>
    public IReadOnlyList<StoredPaper> Papers(Tlp level)
    {
        using var connection = provider.Open();
        return [.. ReadPapers(connection, null, null, level).OrderByDescending(p => p.BuiltAt).ThenBy(p => p.Reference, StringComparer.Ordinal)];
    }

    /// <summary>The paper <paramref name="reference"/> with its documents at or below <paramref name="level"/>; null when there is none, or none of its documents is within it.</summary>
    public StoredPaper? FindPaper(string reference, Tlp level)
    {
        using var connection = provider.Open();
        return ReadPapers(connection, null, reference, level).SingleOrDefault();
    }

    /// <summary>One document of a paper, when it is at or below <paramref name="level"/>; null otherwise, the same as for one that is not there.</summary>
    public PaperFiles? PaperDocument(string reference, string stem, Tlp level)
    {
        using var connection = provider.Open();
        var row = connection.QuerySingleOrDefault<(string Stem, string Title, string Level, byte[] Docx, string Html, string Markdown)?>(
            "SELECT \"stem\", \"title\", \"level\", \"docx\", \"html\", \"markdown\" FROM \"papers\" WHERE \"reference\" = @reference AND \"stem\" = @stem",
            new { reference, stem });
        return row is { } found && Tlps.TryParse(found.Level, out var at) && at <= level
            ? new PaperFiles(found.Stem, found.Title, at, found.Docx, found.Html, found.Markdown)
            : null;
    }

    private static StoredPaper? PaperAt(DbConnection connection, DbTransaction transaction, string reference) =>
        ReadPapers(connection, transaction, reference, Tlp.Red).SingleOrDefault();

    private static IEnumerable<StoredPaper> ReadPapers(DbConnection connection, DbTransaction? transaction, string? reference, Tlp level)
    {
        var rows = connection.Query<(string Reference, string Stem, string Title, string Level, string At, string By, string Request)>(
            "SELECT \"reference\", \"stem\", \"title\", \"level\", \"built_at\", \"built_by\", \"request\" FROM \"papers\""
            + (reference is null ? string.Empty : " WHERE \"reference\" = @reference") + " ORDER BY \"reference\", \"stem\"",
            new { reference }, transaction);
        return rows.GroupBy(r => r.Reference, StringComparer.Ordinal)
            .Select(g => new StoredPaper(g.Key, InstantPattern.ExtendedIso.Parse(g.First().At).Value, g.First().By, g.First().Request,
                [.. g.Select(r => (Row: r, Level: Tlps.TryParse(r.Level, out var l) ? l : Tlp.Red)).Where(d => d.Level <= level)
                    .OrderBy(d => d.Level).Select(d => new PaperEntry(d.Row.Stem, d.Row.Title, d.Level))]))
            .Where(p => p.Documents.Count > 0);
    }

    private static string AuditText(StoredPaper paper) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["request"] = paper.Request,
        ["documents"] = string.Join(", ", paper.Documents.Select(d => $"{d.Stem} ({d.Level.Key()})")),
    });
}
