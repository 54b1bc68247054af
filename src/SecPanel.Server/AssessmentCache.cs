using SecPanel.Assessment;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>
/// The assessments the server has computed, as JSON, each kept with the store's change mark it was
/// computed at: while the mark is the same, the store has not changed and neither has the
/// assessment. A few meetings are asked for most (this month's), so a small cache suffices; the
/// oldest entry makes room for a new one.
/// </summary>
internal sealed class AssessmentCache(Store store)
{
    /// <summary>The most assessments kept (each up to a few MB with every User).</summary>
    public const int Capacity = 32;

    private readonly Dictionary<(string Committee, string Date, bool EveryUser), (long Mark, byte[] Json)> entries = [];
    private readonly Queue<(string, string, bool)> order = new();
    private readonly Lock gate = new();

    /// <summary>The assessment JSON of the meeting (UTF-8, as it is sent), or the problems that stop it being assessed.</summary>
    public (byte[]? Json, string? Problem) Get(string committee, NodaTime.LocalDate date, string dateText, bool everyUser)
    {
        var mark = store.ChangeMark();
        var key = (committee, dateText, everyUser);
        lock (gate)
        {
            if (entries.TryGetValue(key, out var kept) && kept.Mark == mark)
            {
                return (kept.Json, null);
            }
        }

        var assessment = store.Assess(committee, date);
        if (!assessment.Succeeded)
        {
            return (null, string.Join("; ", assessment.Problems));
        }

        var json = System.Text.Encoding.UTF8.GetBytes(AssessmentJson.Write(assessment.Value, everyUser));
        lock (gate)
        {
            if (!entries.ContainsKey(key))
            {
                order.Enqueue(key);
                if (order.Count > Capacity)
                {
                    entries.Remove(order.Dequeue());
                }
            }

            entries[key] = (mark, json);
        }

        return (json, null);
    }
}
