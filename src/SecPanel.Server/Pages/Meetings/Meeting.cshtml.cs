using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;
using SecPanel.Assessment;
using SecPanel.Performance;
using SecPanel.Problems;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Meetings;

/// <summary>
/// A meeting: the DCC reporting table it considers (section 2.1 of the paper) with the figures and
/// charts behind each row, the committee's observations (added here by the secretariat), and the
/// meeting's records; each of what the reader may see. A meeting of a committee the reader does
/// not belong to is not there (404).
/// </summary>
public sealed class MeetingModel : SecPanelPage
{
    /// <summary>The meeting.</summary>
    public StoredRecord? Meeting { get; private set; }

    /// <summary>The assessment of its DCC reports, when they can be assessed.</summary>
    public MeetingAssessment? Assessment { get; private set; }

    /// <summary>Why they cannot.</summary>
    public string? Problem { get; private set; }

    /// <summary>The rows of the DCC reporting table, with the obligation each is of.</summary>
    public IReadOnlyList<(string Obligation, string Report, string Delivery, string Content, string Observations)> Rows { get; private set; } = [];

    /// <summary>The reports with figures, in table order.</summary>
    public IReadOnlyList<ReportAssessment> Figures { get; private set; } = [];

    /// <summary>The meeting's records the reader may see: items, actions, decisions.</summary>
    public IReadOnlyList<StoredRecord> Records { get; private set; } = [];

    /// <summary>Whether every User of a variance report is listed, not only the exceptions.</summary>
    public bool AllUsers { get; private set; }

    /// <summary>The next free observation id among the items the reader sees.</summary>
    public string NextId { get; private set; } = "O1";

    /// <summary>Whether an observation was just added.</summary>
    public bool Saved { get; private set; }

    /// <summary>What was typed into the observation form, kept when it is refused.</summary>
    public Dictionary<string, string> Typed { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the observation was refused.</summary>
    public IReadOnlyList<Problem> AddProblems { get; private set; } = [];

    /// <summary>Whether its id is taken.</summary>
    public bool Taken { get; private set; }

    private List<StoredRecord> observations = [];

    /// <summary>The committee's observation items on an obligation's reports.</summary>
    public IEnumerable<StoredRecord> ObservationsOf(string obligation) => observations.Where(o => o.Fields.GetValueOrDefault("obligation") == obligation);

    /// <summary>A region's name: "england-and-wales" is "England and Wales".</summary>
    public static string Region(string? key) => key switch
    {
        "england-and-wales" => "England and Wales",
        "scotland" => "Scotland",
        "northern-ireland" => "Northern Ireland",
        _ => key ?? string.Empty,
    };

    /// <summary>A service level result's style.</summary>
    public static string ResultClass(ServiceLevelResult result) => result switch
    {
        ServiceLevelResult.TargetMet => "on-time",
        ServiceLevelResult.NoData => "none",
        _ => "exception",
    };

    /// <summary>A service level result in words.</summary>
    public static string ResultText(ServiceLevelResult result) => result switch
    {
        ServiceLevelResult.TargetMet => "at or above Target",
        ServiceLevelResult.BelowTarget => "below Target",
        ServiceLevelResult.BelowMinimum => "below Minimum",
        _ => "no data",
    };

    /// <summary>Shows the meeting.</summary>
    public IActionResult OnGet(string committee, string date, string? users, bool saved = false)
    {
        AllUsers = users == "all";
        Saved = saved;
        return Show(committee, date);
    }

    /// <summary>Adds an observation on one of the meeting's reports, as an item of the meeting.</summary>
    public IActionResult OnPostObserve(string committee, string date, string? report, string? id, string? title, string? text, string? classification)
    {
        if (!Writes.MayWrite(Account!, "item"))
        {
            return Forbid();
        }

        foreach (var (name, value) in new[] { ("report", report), ("id", id), ("title", title), ("text", text), ("classification", classification) })
        {
            Typed[name] = value ?? string.Empty;
        }

        var (obligation, period) = report?.Split('|') is [var o, var p] ? (o, p) : (string.Empty, string.Empty);
        var answer = Writes.Add(Store, Account!, "item", new Dictionary<string, string?>
        {
            ["committee"] = committee,
            ["meeting_date"] = date,
            ["id"] = id,
            ["kind"] = "observation",
            ["title"] = title,
            ["text"] = text,
            ["classification"] = classification,
            ["obligation"] = obligation,
            ["period"] = period,
        });
        switch (answer.Result)
        {
            case WriteResult.Written:
                return Redirect($"/meetings/{Uri.EscapeDataString(committee)}/{Uri.EscapeDataString(date)}?saved=true");
            case WriteResult.Stale:
                Taken = true;
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                AddProblems = answer.Problems;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }

        return Show(committee, date);
    }

    private IActionResult Show(string committee, string date)
    {
        var access = Access!;
        var key = new[] { committee, date };
        if (Store.ReadRecord("meeting", access, key) is not { } meeting || LocalDatePattern.Iso.Parse(date) is not { Success: true } day)
        {
            if (Store.ReadRecord("meeting", SecPanel.Storage.Access.Everything, key) is not null)
            {
                Api.LogHidden(HttpContext, Store);
            }

            return NotFound();
        }

        Meeting = meeting;
        Title = $"{committee} meeting of {Shown.Date(day.Value)}";

        // The meeting's records, for the roles that read them.
        if (Api.AccessOf(Account, "item") is { } reads)
        {
            var records = new List<StoredRecord>();
            foreach (var kind in new[] { "item", "action" })
            {
                records.AddRange(Store.ReadRecords(kind, reads, new Dictionary<string, string> { ["committee"] = committee, ["meeting_date"] = date }, 0, Api.MaxLimit).Records);
            }

            if (committee == "SSC")
            {
                foreach (var kind in new[] { "assurance-decision", "director-letter", "verification-assessment" })
                {
                    records.AddRange(Store.ReadRecords(kind, reads, new Dictionary<string, string> { ["meeting_date"] = date }, 0, Api.MaxLimit).Records);
                }
            }

            Records = records;
            records.ForEach(r => Shows(r.Level));
            observations = [.. records.Where(r => r.Kind == "item" && r.Fields.GetValueOrDefault("kind") == "observation")];
            var used = records.Where(r => r.Kind == "item").Select(r => r.Key[2]).ToHashSet(StringComparer.Ordinal);
            NextId = Enumerable.Range(1, used.Count + 1).Select(n => $"O{n}").First(i => !used.Contains(i));
        }

        var assessed = HttpContext.RequestServices.GetRequiredService<AssessmentCache>().Assess(HttpContext, committee, day.Value);
        if (!assessed.Succeeded)
        {
            Problem = string.Join("; ", assessed.Problems);
            return Page();
        }

        Assessment = assessed.Value;
        var notes = observations.Where(o => Assessment.Reports.Any(r => r.Obligation.Key == o.Fields.GetValueOrDefault("obligation") && r.Period?.ToString() == o.Fields.GetValueOrDefault("period")))
            .GroupBy(o => o.Fields.GetValueOrDefault("obligation") ?? string.Empty)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(o => o.Fields.GetValueOrDefault("text") ?? string.Empty)], StringComparer.Ordinal);
        var obligations = Assessment.Reports.GroupBy(r => r.Obligation.Key).Select(g => g.Key).ToList();
        Rows = [.. AssessmentText.PaperRows(Assessment, notes).Select((r, i) => (obligations[i], r.Report, r.Delivery, r.Content, r.Observations))];
        Figures = [.. Assessment.Reports.Where(r => r.Content is not null)];
        return Page();
    }
}
