using SecPanel.Assessment;
using SecPanel.Cases;
using SecPanel.Problems;
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

    public Result<AssessmentCase> Load()
    {
        Write(CaseFolder.MeetingFile, Meeting);
        Write(CaseFolder.DeliveriesFile, Deliveries);
        Write(CaseFolder.VarianceFile, Variance);
        Write(CaseFolder.PerformanceFile, Performance);
        Write(CaseFolder.IncidentCountsFile, IncidentCounts);
        Write(CaseFolder.IncidentsFile, Incidents);
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
