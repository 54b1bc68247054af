using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using SecPanel.Problems;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Records;

/// <summary>
/// One committee record: its fields, a risk's revisions side by side, its history, and for the
/// secretariat its edit form and an action's close and carry forward. A record the reader may not
/// see is not there (404, logged as hidden), exactly as one that does not exist.
/// </summary>
public sealed class RecordModel : SecPanelPage
{
    /// <summary>The record.</summary>
    public StoredRecord? Record { get; private set; }

    /// <summary>Its fields in the kind's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Fields { get; private set; } = [];

    /// <summary>The fields of its key (not edited).</summary>
    public IReadOnlyList<string> KeyFields { get; private set; } = [];

    /// <summary>For a risk: every revision the reader may see, oldest first.</summary>
    public IReadOnlyList<StoredRecord> Revisions { get; private set; } = [];

    /// <summary>Its audit trail, oldest first.</summary>
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    /// <summary>The meeting that gave it, when it has one.</summary>
    public (string Committee, string Date)? Meeting { get; private set; }

    /// <summary>Today in London, YYYY-MM-DD: the default closing date.</summary>
    public string ClosingDate { get; private set; } = string.Empty;

    /// <summary>The month after the action's due month: the default for carrying it forward.</summary>
    public string NextDue { get; private set; } = string.Empty;

    /// <summary>Whether it was just saved.</summary>
    public bool Saved { get; private set; }

    /// <summary>Whether a change was refused because the record changed since it was read.</summary>
    public bool Stale { get; private set; }

    /// <summary>Why a change was refused.</summary>
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>Shows the record.</summary>
    public IActionResult OnGet(string plural, string key, bool saved = false)
    {
        Saved = saved;
        return Show(plural, key);
    }

    /// <summary>Saves the edited fields, if the record is as it was read.</summary>
    public IActionResult OnPostEdit(string plural, string key, long version) =>
        Write(plural, key, version, Request.Form.Where(f => f.Key.StartsWith("field.", StringComparison.Ordinal)).ToDictionary(f => f.Key["field.".Length..], f => (string?)f.Value.ToString(), StringComparer.Ordinal));

    /// <summary>Closes an action as done or dropped on a date.</summary>
    public IActionResult OnPostClose(string plural, string key, long version, string? status, string? closed) =>
        Write(plural, key, version, new Dictionary<string, string?> { ["status"] = status, ["closed"] = closed }, onlyOpenAction: true);

    /// <summary>Carries an open action forward to a new due month or day.</summary>
    public IActionResult OnPostCarry(string plural, string key, long version, string? due) =>
        Write(plural, key, version, new Dictionary<string, string?> { ["due"] = due }, onlyOpenAction: true);

    private IActionResult Write(string plural, string key, long version, Dictionary<string, string?> fields, bool onlyOpenAction = false)
    {
        if (!RecordView.ByPlural.TryGetValue(plural, out var kind) || !Writes.MayWrite(Account!, kind) || (onlyOpenAction && kind != "action"))
        {
            return Forbid();
        }

        var answer = Writes.Change(Store, Account!, kind, Api.KeyParts(key), fields, version);
        switch (answer.Result)
        {
            case WriteResult.Written:
                return Redirect(RecordView.Link(kind, answer.Key) + "?saved=true");
            case WriteResult.Stale:
                Stale = true;
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case WriteResult.Refused:
                Problems = answer.Problems;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }

        return Show(plural, key);
    }

    private IActionResult Show(string plural, string key)
    {
        if (!RecordView.ByPlural.TryGetValue(plural, out var kind))
        {
            return NotFound();
        }

        var access = Api.AccessOf(Account, kind)!;
        var parts = Api.KeyParts(key);
        if (Store.ReadRecord(kind, access, parts) is not { } record)
        {
            if (Store.ReadRecord(kind, Access.Everything, parts) is not null)
            {
                Api.LogHidden(HttpContext, Store);
            }

            return NotFound();
        }

        Record = record;
        Title = $"{RecordView.Singular(kind)} {RecordView.Key(record.Key)}";
        Shows(record.Level);
        KeyFields = Store.RecordKey(kind);
        Fields = [.. Store.RecordColumns(kind).Select(c => new KeyValuePair<string, string?>(c, record.Fields.GetValueOrDefault(c)))];
        History = Store.RecordHistory(kind, access, parts) ?? [];
        if (record.Fields.GetValueOrDefault("committee") is { Length: > 0 } committee && record.Fields.GetValueOrDefault("meeting_date") is { Length: > 0 } date)
        {
            Meeting = (committee, date);
        }
        else if (record.Fields.GetValueOrDefault("meeting_date") is { Length: > 0 } ssc && kind is "assurance-decision" or "director-letter" or "verification-assessment")
        {
            Meeting = ("SSC", ssc);
        }

        if (kind == "risk")
        {
            Revisions = [.. Store.ReadRecords("risk", access, new Dictionary<string, string> { ["risk"] = record.Key[0] }, 0, Api.MaxLimit).Records
                .OrderBy(r => int.TryParse(r.Key[1], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)];
            foreach (var revision in Revisions)
            {
                Shows(revision.Level);
            }
        }

        var today = base.Today;
        ClosingDate = LocalDatePattern.Iso.Format(today);
        var due = record.Fields.GetValueOrDefault("due") ?? string.Empty;
        var month = YearMonthPattern.Iso.Parse(due.Length >= 7 ? due[..7] : string.Empty);
        var next = (month.Success ? month.Value : new YearMonth(today.Year, today.Month)).PlusMonths(1);
        var current = new YearMonth(today.Year, today.Month).PlusMonths(1);
        NextDue = YearMonthPattern.Iso.Format(next.CompareTo(current) > 0 ? next : current);
        return Page();
    }
}
