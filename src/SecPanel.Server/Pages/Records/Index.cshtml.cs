using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SecPanel.Records;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Records;

/// <summary>A page of one kind of committee record, filtered by its fields, of what the reader may see (the store filters).</summary>
public sealed class RecordsModel : SecPanelPage
{
    /// <summary>Records on a page.</summary>
    public const int PageSize = 50;

    private static readonly string[] FilterFields = ["committee", "meeting_date", "status", "kind", "owner", "risk", "party", "classification"];

    /// <summary>The kind listed.</summary>
    public string Kind { get; private set; } = string.Empty;

    /// <summary>The fields shown.</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>How many of <see cref="Columns"/> are the key.</summary>
    public int KeyLength { get; private set; }

    /// <summary>The fields offered as filters.</summary>
    public IReadOnlyList<string> Filterable { get; private set; } = [];

    /// <summary>The filters given.</summary>
    public Dictionary<string, string> Filters { get; } = new(StringComparer.Ordinal);

    /// <summary>The page of records.</summary>
    public RecordPage? List { get; private set; }

    /// <summary>What was wrong with the paging asked for.</summary>
    public string? Problem { get; private set; }

    /// <summary>The values a filter chooses from, or null for a text field.</summary>
    public IReadOnlyList<string>? Choices(string field) => field switch
    {
        "committee" => Account!.Role == Role.Member ? Account.Committees : [.. Rules.Committees.Select(c => c.Key)],
        "classification" => [.. Enum.GetValues<Tlp>().Where(l => l <= Account!.Clearance).Select(l => l.Key())],
        "status" when Kind == "action" => ["open", "done", "dropped"],
        _ => null,
    };

    /// <summary>The address of another page of the same list.</summary>
    public string PageLink(int offset) =>
        $"/records/{Api.Plural(Kind)}?{string.Join("&", Filters.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}").Append($"offset={offset.ToString(CultureInfo.InvariantCulture)}"))}";

    /// <summary>Shows a page of the records of the kind <paramref name="plural"/> names.</summary>
    public IActionResult OnGet(string plural, int offset = 0)
    {
        if (!RecordView.ByPlural.TryGetValue(plural, out var kind))
        {
            return NotFound();
        }

        Kind = kind;
        Title = RecordView.Title(kind);
        Columns = RecordView.Columns(kind);
        KeyLength = Store.RecordKey(kind).Count;
        var columns = Store.RecordColumns(kind);
        Filterable = [.. FilterFields.Where(columns.Contains)];
        foreach (var field in Filterable)
        {
            if (Request.Query[field].ToString() is { Length: > 0 } value)
            {
                Filters[field] = value.Trim();
            }
        }

        if (offset < 0)
        {
            Problem = "The page asked for starts before the first record; this is the first page.";
            offset = 0;
        }

        List = Store.ReadRecords(kind, Api.AccessOf(Account, kind)!, Filters, offset, PageSize);
        foreach (var record in List.Records)
        {
            Shows(record.Level);
        }

        return Page();
    }
}
