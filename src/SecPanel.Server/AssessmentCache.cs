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

    private readonly KeptByMark<(string Committee, string Date, bool EveryUser), (byte[]? Json, string? Problem)> kept = new(Capacity);

    private readonly KeptByMark<(string Committee, NodaTime.LocalDate Date), SecPanel.Problems.Result<SecPanel.Assessment.MeetingAssessment>> assessed = new(Capacity);

    /// <summary>The assessment of the meeting, as the pages show it (the meeting page, the dashboard's exceptions), kept while the store is unchanged.</summary>
    public SecPanel.Problems.Result<SecPanel.Assessment.MeetingAssessment> Assess(Microsoft.AspNetCore.Http.HttpContext context, string committee, NodaTime.LocalDate date) =>
        assessed.Get((committee, date), SecPanelServer.ChangeMark(context, store), () => store.Assess(committee, date));

    /// <summary>The assessment JSON of the meeting (UTF-8, as it is sent), or the problems that stop it being assessed.</summary>
    public (byte[]? Json, string? Problem) Get(Microsoft.AspNetCore.Http.HttpContext context, string committee, NodaTime.LocalDate date, string dateText, bool everyUser) =>
        kept.Get((committee, dateText, everyUser), SecPanelServer.ChangeMark(context, store), () => Compute(committee, date, everyUser));

    private (byte[]? Json, string? Problem) Compute(string committee, NodaTime.LocalDate date, bool everyUser)
    {
        var assessment = store.Assess(committee, date);
        return assessment.Succeeded
            ? (System.Text.Encoding.UTF8.GetBytes(AssessmentJson.Write(assessment.Value, everyUser)), null)
            : (null, string.Join("; ", assessment.Problems));
    }
}
