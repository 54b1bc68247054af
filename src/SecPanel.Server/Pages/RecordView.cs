using SecPanel.Storage;

namespace SecPanel.Server.Pages;

/// <summary>How the pages name and lay out each kind of record: its title, its address, the fields a list shows.</summary>
public static class RecordView
{
    private static readonly string[] Summary = ["title", "kind", "party", "outcome", "owner", "due", "status", "closed", "date", "likelihood", "impact", "planned", "actual", "classification"];

    private static readonly HashSet<string> Dates = new(["meeting_date", "previous_meeting_date", "due", "closed", "date", "review_date", "planned", "actual", "delivered"], StringComparer.Ordinal);

    private static readonly HashSet<string> Long = new(["text", "description", "treatment", "public_summary", "outcome", "links", "observations"], StringComparer.Ordinal);

    /// <summary>The kinds of committee record, by the plural in their address (<c>actions</c>, <c>assurance-decisions</c>).</summary>
    public static IReadOnlyDictionary<string, string> ByPlural { get; } = Store.RecordKinds.ToDictionary(Api.Plural, k => k, StringComparer.Ordinal);

    /// <summary>A kind's name in a heading: "Actions", "Director Letters".</summary>
    public static string Title(string kind) => kind switch
    {
        "item" => "Items",
        "action" => "Actions",
        "assurance-decision" => "Assurance decisions",
        "director-letter" => "Director Letters",
        "verification-assessment" => "Verification Assessments",
        "risk" => "Risk register",
        "milestone" => "TAG milestones",
        "meeting" => "Meetings",
        "delivery" => "Deliveries",
        _ => kind,
    };

    /// <summary>One record of a kind in a sentence: "action", "Director Letter".</summary>
    public static string Singular(string kind) => kind switch
    {
        "director-letter" => "Director Letter",
        "verification-assessment" => "Verification Assessment",
        "assurance-decision" => "assurance decision",
        "milestone" => "TAG milestone",
        _ => kind,
    };

    /// <summary>The fields a list of the kind shows: its key, then the summary fields it has.</summary>
    public static IReadOnlyList<string> Columns(string kind)
    {
        var key = Store.RecordKey(kind);
        var columns = Store.RecordColumns(kind);
        return [.. key, .. Summary.Where(c => columns.Contains(c) && !key.Contains(c))];
    }

    /// <summary>A field's name as a label: "meeting_date" is "Meeting date".</summary>
    public static string Label(string field) => field switch
    {
        "id" => "Id",
        "public_summary" => "Public summary",
        _ => char.ToUpperInvariant(field[0]) + field[1..].Replace('_', ' '),
    };

    /// <summary>Whether the field holds a date or a month, written the pages' way.</summary>
    public static bool IsDate(string field) => Dates.Contains(field);

    /// <summary>Whether the field holds prose (a text area to edit).</summary>
    public static bool IsLong(string field) => Long.Contains(field);

    /// <summary>A field's value as shown: a date or month the pages' way, anything else as it is.</summary>
    public static string Show(string field, string? value) => value is null ? string.Empty : IsDate(field) ? Shown.Date(value) : value;

    /// <summary>The address of a record's page: each key part escaped, a '/' inside one as %2F.</summary>
    public static string Link(string kind, IReadOnlyList<string> key) =>
        $"/records/{Api.Plural(kind)}/{string.Join("/", key.Select(Uri.EscapeDataString))}";

    /// <summary>
    /// What an audit entry changed, field by field: each field whose value differs between the
    /// record before and after (JSON objects of the audit trail; null for none), with both values.
    /// </summary>
    public static IReadOnlyList<(string Field, string? Before, string? After)> Changes(string? before, string? after)
    {
        var old = Fields(before);
        var now = Fields(after);
        return [.. old.Keys.Union(now.Keys).Where(f => old.GetValueOrDefault(f) != now.GetValueOrDefault(f))
            .Select(f => (f, old.GetValueOrDefault(f), now.GetValueOrDefault(f)))];
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return fields;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return new Dictionary<string, string?> { ["value"] = json };
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.Null ? null
                    : property.Value.ValueKind == System.Text.Json.JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            fields["value"] = json;
        }

        return fields;
    }

    /// <summary>A key as shown: its parts, dates the pages' way, between slashes.</summary>
    public static string Key(IReadOnlyList<string> key) => string.Join(" / ", key.Select(k => Shown.Date(k)));
}
