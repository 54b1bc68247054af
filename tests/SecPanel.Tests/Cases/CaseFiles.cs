using SecPanel.Assessment;
using SecPanel.Cases;
using SecPanel.Problems;
using SecPanel.Records;
using SecPanel.Testing;

namespace SecPanel.Tests.Cases;

/// <summary>Writes a case folder from CSV text for one test; files left null are not written.</summary>
internal sealed class CaseFiles : IDisposable
{
    private readonly TempFolder folder = new();

    public string Meeting { get; init; } = "committee,meeting_date,previous_meeting_date\nOPSG,2018-06-26,2018-05-22\n";

    public string? Deliveries { get; init; } = "obligation,period,delivered\n";

    public string? Variance { get; init; }

    public string? Performance { get; init; }

    public string? IncidentCounts { get; init; }

    public string? Incidents { get; init; }

    public string? Maintenance { get; init; }

    public string? Items { get; init; }

    public string? Actions { get; init; }

    public string? AssuranceDecisions { get; init; }

    public string? DirectorLetters { get; init; }

    public string? VerificationAssessments { get; init; }

    public string? Risks { get; init; }

    public string? Milestones { get; init; }

    public Result<AssessmentCase> Load()
    {
        Write(CaseFolder.MeetingFile, Meeting);
        Write(CaseFolder.DeliveriesFile, Deliveries);
        Write(CaseFolder.VarianceFile, Variance);
        Write(CaseFolder.PerformanceFile, Performance);
        Write(CaseFolder.IncidentCountsFile, IncidentCounts);
        Write(CaseFolder.IncidentsFile, Incidents);
        Write(CaseFolder.MaintenanceFile, Maintenance);
        Write(RecordsReader.Items.File, Items);
        Write(RecordsReader.Actions.File, Actions);
        Write(RecordsReader.Assurance.File, AssuranceDecisions);
        Write(RecordsReader.Letters.File, DirectorLetters);
        Write(RecordsReader.Verifications.File, VerificationAssessments);
        Write(RecordsReader.Risks.File, Risks);
        Write(RecordsReader.Milestones.File, Milestones);
        return CaseFolder.Load(folder.Path, "case", Rules.Shipped);
    }

    public MeetingAssessment Assess()
    {
        var loaded = Load();
        return loaded.Succeeded
            ? new Assessor(Rules.Shipped).Assess(loaded.Value, loaded.Value.Meetings[0])
            : throw new InvalidOperationException(string.Join("\n", loaded.Problems));
    }

    public void Dispose() => folder.Dispose();

    private void Write(string name, string? text)
    {
        if (text is not null)
        {
            folder.Write(name, text);
        }
    }
}
