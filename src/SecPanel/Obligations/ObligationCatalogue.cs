using NodaTime;
using SecPanel.Calendar;
using SecPanel.Internals;
using SecPanel.Periods;
using SecPanel.Problems;

namespace SecPanel.Obligations;

/// <summary>
/// The DCC's reporting obligations, read from an editable data file (by default
/// <c>data/obligations.csv</c>), in the order the file lists them (the order papers print them).
/// </summary>
public sealed class ObligationCatalogue
{
    /// <summary>The required columns of the catalogue file.</summary>
    public static readonly IReadOnlyList<string> Columns = ["key", "name", "sec_reference", "cadence", "deadline", "content"];

    /// <summary>The optional columns of the catalogue file.</summary>
    public static readonly IReadOnlyList<string> OptionalColumns = ["content_reference", "counts", "note"];

    private readonly Dictionary<string, Obligation> byKey;

    /// <summary>A catalogue of <paramref name="obligations"/>, whose keys must be unique.</summary>
    public ObligationCatalogue(IEnumerable<Obligation> obligations)
    {
        All = [.. obligations];
        byKey = All.ToDictionary(o => o.Key, StringComparer.Ordinal);
    }

    /// <summary>Every obligation, in catalogue order.</summary>
    public IReadOnlyList<Obligation> All { get; }

    /// <summary>The obligation with <paramref name="key"/>, or null.</summary>
    public Obligation? Find(string key) => byKey.GetValueOrDefault(key);

    /// <summary>
    /// Every report instance due from <paramref name="from"/> to <paramref name="to"/> (both
    /// included) on <paramref name="calendar"/>, by due date then obligation key; obligations whose
    /// deadline sets no date are left out.
    /// </summary>
    public IReadOnlyList<DueInstance> DueBetween(WorkingDayCalendar calendar, LocalDate from, LocalDate to)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var due = new List<DueInstance>();
        var first = from.PlusYears(-1) < SupportedDates.First ? SupportedDates.First : from.PlusYears(-1);
        foreach (var obligation in All.Where(o => o.Deadline.SetsDueDate))
        {
            // A report is due after its period ends: the periods that end up to a year before the window can fall due in it.
            for (var period = ReportingPeriod.Containing(obligation.Cadence, first); period.Start <= to; period = period.Next())
            {
                if (obligation.Deadline.DueDate(period, calendar) is { } day && day >= from && day <= to)
                {
                    due.Add(new DueInstance(obligation, period, day));
                }

                if (period.End >= SupportedDates.Last)
                {
                    break;
                }
            }
        }

        due.Sort((a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : string.CompareOrdinal(a.Obligation.Key, b.Obligation.Key));
        return due;
    }

    /// <summary>The keys, for messages that list what is accepted.</summary>
    public string KeyList => string.Join(", ", All.Select(o => o.Key));

    /// <summary>Reads and validates a catalogue file.</summary>
    public static Result<ObligationCatalogue> Load(string path, string name)
    {
        var csv = CsvFile.Read(path, name, [.. Columns], [.. OptionalColumns]);
        return csv.Succeeded ? FromCsv(csv.Value) : Result<ObligationCatalogue>.Failure(csv.Problems);
    }

    /// <summary>Parses catalogue CSV text already in memory.</summary>
    public static Result<ObligationCatalogue> Parse(string text, string name)
    {
        var csv = CsvFile.Parse(text, name, [.. Columns], [.. OptionalColumns]);
        return csv.Succeeded ? FromCsv(csv.Value) : Result<ObligationCatalogue>.Failure(csv.Problems);
    }

    private static bool TryParseContent(string text, out ContentKind content)
    {
        content = text.ToLowerInvariant() switch
        {
            "none" => ContentKind.None,
            "variance" => ContentKind.Variance,
            "performance" => ContentKind.Performance,
            "incidents" => ContentKind.Incidents,
            _ => (ContentKind)(-1),
        };
        return Enum.IsDefined(content);
    }

    internal static Result<ObligationCatalogue> FromCsv(CsvFile csv)
    {
        var problems = new List<Problem>();
        var obligations = new List<Obligation>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in csv.Rows)
        {
            var key = row.Text("key", problems);
            var name = row.Text("name", problems);
            var cadenceText = row.Text("cadence", problems);
            var deadlineText = row.Text("deadline", problems);
            var contentText = row.Text("content", problems);

            if (key is not null && !System.Text.RegularExpressions.Regex.IsMatch(key, "^[a-z0-9]+(-[a-z0-9]+)*$"))
            {
                problems.Add(row.ProblemAt("key", $"'{key}' is not a key: use lower-case letters, digits and hyphens, such as sr-variance"));
                key = null;
            }
            else if (key is not null && !lines.TryAdd(key, row.Line))
            {
                problems.Add(row.ProblemAt("key", $"'{key}' is already the key of line {lines[key]}"));
                key = null;
            }

            Cadence cadence = default;
            if (cadenceText is not null && !Cadences.TryParse(cadenceText, out cadence))
            {
                problems.Add(row.ProblemAt("cadence", $"unknown cadence '{cadenceText}'; the cadences are {Cadences.KeyList}"));
                cadenceText = null;
            }

            DeadlineRule? deadline = null;
            if (deadlineText is not null)
            {
                if (DeadlineRule.TryParse(deadlineText, out var rule, out var error))
                {
                    deadline = rule;
                }
                else
                {
                    problems.Add(row.ProblemAt("deadline", error));
                }
            }

            ContentKind content = default;
            if (contentText is not null && !TryParseContent(contentText, out content))
            {
                problems.Add(row.ProblemAt("content", $"unknown content kind '{contentText}'; the kinds are none, variance, performance, incidents"));
                contentText = null;
            }

            if (content == ContentKind.Variance && row["counts"].Length == 0)
            {
                problems.Add(row.ProblemAt("counts", "a variance report must say what it counts, such as 'Service Requests'"));
            }

            if (key is null || name is null || cadenceText is null || deadline is null || contentText is null)
            {
                continue;
            }

            obligations.Add(new Obligation(key, name, row["sec_reference"], row["content_reference"], cadence, deadline, content, row["counts"], row["note"]));
        }

        if (problems.Count == 0 && obligations.Count == 0)
        {
            problems.Add(new Problem(csv.Name, null, null, "the catalogue lists no obligations"));
        }

        return Result<ObligationCatalogue>.From(new ObligationCatalogue(obligations), problems);
    }
}

/// <summary>A report instance and the day it is due.</summary>
public sealed record DueInstance(Obligation Obligation, ReportingPeriod Period, LocalDate Due);
