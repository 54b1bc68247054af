using SecPanel.Internals;
using SecPanel.Problems;

namespace SecPanel.Performance;

/// <summary>The Target Response Time of one category and the performance measure it counts towards.</summary>
/// <param name="Category">What is timed.</param>
/// <param name="Measure">The key of the measure in <c>performance-measures.csv</c>, such as CPM1.</param>
/// <param name="TargetMilliseconds">The Target Response Time; a response taking exactly this long is within it.</param>
public sealed record TargetResponseTime(ResponseCategory Category, string Measure, long TargetMilliseconds);

/// <summary>
/// The Target Response Times, read from <c>target-response-times.csv</c> in the data folder, one
/// of the rule files of the <see cref="RuleBook"/>. The shipped figures are defaults that the
/// public sources could not confirm: users change the file.
/// </summary>
public sealed class TargetResponseTimes
{
    /// <summary>The file, relative to the data folder.</summary>
    public const string File = "target-response-times.csv";

    internal static readonly string[] Columns = ["category", "measure", "target_seconds"];

    private TargetResponseTimes(IReadOnlyList<TargetResponseTime> all) => All = all;

    /// <summary>One per category, in <see cref="ResponseCategories.All"/> order.</summary>
    public IReadOnlyList<TargetResponseTime> All { get; }

    /// <summary>The Target Response Time of <paramref name="category"/>.</summary>
    public TargetResponseTime For(ResponseCategory category) => All[(int)category];

    /// <summary>Reads the file alone from <paramref name="folder"/>, checking each measure against <paramref name="measures"/>; problems name it as <paramref name="displayFolder"/>/file.</summary>
    public static Result<TargetResponseTimes> Load(string folder, string displayFolder, IReadOnlyList<PerformanceMeasure> measures)
    {
        var problems = new List<Problem>();
        var csv = new FolderSource(folder, displayFolder).Open(RuleBook.TargetsSpec, problems);
        return csv is null ? Result<TargetResponseTimes>.Failure(problems) : FromCsv(csv, measures);
    }

    /// <summary>Reads the rows of <paramref name="csv"/>; each measure must be one of <paramref name="measures"/> (not checked when null: that file has problems of its own).</summary>
    internal static Result<TargetResponseTimes> FromCsv(CsvFile csv, IReadOnlyList<PerformanceMeasure>? measures)
    {
        var problems = new List<Problem>();
        var found = new TargetResponseTime?[ResponseCategories.All.Count];
        foreach (var row in csv.Rows)
        {
            var key = row.Text("category", problems);
            var measure = row.Text("measure", problems);
            var seconds = row.Count("target_seconds", problems);
            var category = key is null ? null : ResponseCategories.Parse(key);
            if (key is not null && category is null)
            {
                problems.Add(row.ProblemAt("category", $"unknown category '{key}'; the categories are {string.Join(", ", ResponseCategories.All.Select(c => c.Key()))}"));
                continue;
            }

            if (measure is not null && measures is not null && measures.All(m => m.Key != measure))
            {
                problems.Add(row.ProblemAt("measure", $"unknown measure '{measure}'; the measures are in performance-measures.csv"));
                continue;
            }

            // A day is far beyond any Target Response Time; zero would make every response late.
            if (seconds is 0 or > 86_400)
            {
                problems.Add(row.ProblemAt("target_seconds", $"{seconds} is not from 1 to 86400 seconds"));
                continue;
            }

            if (category is { } c && found[(int)c] is not null)
            {
                problems.Add(row.ProblemAt("category", $"the category '{key}' is listed twice"));
                continue;
            }

            // A measure is the share of one category within its time: two categories on one measure
            // would give the month two lines for it.
            if (measure is not null && found.FirstOrDefault(f => f?.Measure == measure) is { } shared)
            {
                problems.Add(row.ProblemAt("measure", $"{measure} already counts the category '{shared.Category.Key()}'; each measure counts one category"));
                continue;
            }

            if (category is { } ok && measure is not null && seconds is { } s)
            {
                found[(int)ok] = new TargetResponseTime(ok, measure, s * 1000);
            }
        }

        foreach (var missing in ResponseCategories.All.Where(c => problems.Count == 0 && found[(int)c] is null))
        {
            problems.Add(new Problem(csv.Name, null, null, $"no Target Response Time for the category '{missing.Key()}'"));
        }

        return problems.Count > 0
            ? Result<TargetResponseTimes>.Failure(problems)
            : Result<TargetResponseTimes>.Success(new TargetResponseTimes([.. found.Select(f => f!)]));
    }
}
