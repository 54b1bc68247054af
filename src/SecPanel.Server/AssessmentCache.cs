using SecPanel.Assessment;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>
/// The assessments the server has computed, as JSON, each kept with the store's change mark it was
/// computed at: while the mark is the same, the store has not changed and neither has the
/// assessment. Requests that miss at the same moment wait for one computation rather than each
/// making its own (a meeting's page opened by a whole committee at once). A few meetings are asked
/// for most (this month's), so a small cache suffices; the oldest entry makes room for a new one.
/// </summary>
internal sealed class AssessmentCache(Store store)
{
    /// <summary>The most assessments kept (each up to a few MB with every User).</summary>
    public const int Capacity = 32;

    private readonly Dictionary<(string Committee, string Date, bool EveryUser), (long Mark, Lazy<(byte[]? Json, string? Problem)> Value)> entries = [];
    private readonly Queue<(string, string, bool)> order = new();
    private readonly Lock gate = new();

    /// <summary>The assessment JSON of the meeting (UTF-8, as it is sent), or the problems that stop it being assessed.</summary>
    public (byte[]? Json, string? Problem) Get(Microsoft.AspNetCore.Http.HttpContext context, string committee, NodaTime.LocalDate date, string dateText, bool everyUser)
    {
        var mark = SecPanelServer.ChangeMark(context, store);
        var key = (committee, dateText, everyUser);
        Lazy<(byte[]?, string?)> value;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var kept) && kept.Mark == mark)
            {
                value = kept.Value;
            }
            else
            {
                if (!entries.ContainsKey(key))
                {
                    order.Enqueue(key);
                    if (order.Count > Capacity)
                    {
                        entries.Remove(order.Dequeue());
                    }
                }

                value = new Lazy<(byte[]?, string?)>(() => Compute(committee, date, everyUser), LazyThreadSafetyMode.ExecutionAndPublication);
                entries[key] = (mark, value);
            }
        }

        return value.Value;
    }

    private (byte[]? Json, string? Problem) Compute(string committee, NodaTime.LocalDate date, bool everyUser)
    {
        var assessment = store.Assess(committee, date);
        return assessment.Succeeded
            ? (System.Text.Encoding.UTF8.GetBytes(AssessmentJson.Write(assessment.Value, everyUser)), null)
            : (null, string.Join("; ", assessment.Problems));
    }
}
