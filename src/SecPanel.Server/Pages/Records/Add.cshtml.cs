using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SecPanel.Problems;
using SecPanel.Records;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Records;

/// <summary>Adding a committee record (raising an action, recording an item, a risk, ...): checked as a line of its file on import would be.</summary>
public sealed class AddModel : SecPanelPage
{
    /// <summary>The kind added.</summary>
    public string Kind { get; private set; } = string.Empty;

    /// <summary>Its fields, in its file's order.</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>The fields of its key.</summary>
    public IReadOnlyList<string> KeyFields { get; private set; } = [];

    /// <summary>The values typed, kept when refused.</summary>
    public Dictionary<string, string?> Values { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Why it was refused.</summary>
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>Whether its key is taken.</summary>
    public bool Taken { get; private set; }

    /// <summary>The values a field chooses from, or null for a typed field.</summary>
    public IReadOnlyList<string>? Choices(string field) => field switch
    {
        "committee" => [.. Rules.Committees.Select(c => c.Key)],
        "classification" => [.. Enum.GetValues<Tlp>().Where(l => l <= Account!.Clearance).Select(l => l.Key())],
        "status" when Kind == "action" => ["open", "done", "dropped"],
        _ => null,
    };

    /// <summary>Shows the form.</summary>
    public IActionResult OnGet(string plural) => Prepare(plural) ? Page() : NotFound();

    /// <summary>Adds the record, or shows why not.</summary>
    public IActionResult OnPost(string plural)
    {
        if (!Prepare(plural))
        {
            return NotFound();
        }

        Values = Columns.ToDictionary(c => c, c => (string?)Request.Form[$"field.{c}"].ToString(), StringComparer.Ordinal);
        var answer = Writes.Add(Store, Account!, Kind, Values);
        switch (answer.Result)
        {
            case WriteResult.Written:
                return Redirect(RecordView.Link(Kind, answer.Key) + "?saved=true");
            case WriteResult.Stale:
                Taken = true;
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                Problems = answer.Problems;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }

        return Page();
    }

    private bool Prepare(string plural)
    {
        if (!RecordView.ByPlural.TryGetValue(plural, out var kind))
        {
            return false;
        }

        Kind = kind;
        Title = $"Add {(kind is "action" or "item" or "assurance-decision" ? "an" : "a")} {RecordView.Singular(kind)}";
        Columns = Store.RecordColumns(kind);
        KeyFields = Store.RecordKey(kind);
        return true;
    }
}
