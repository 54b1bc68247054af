using SecPanel.Analytics.Logs;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>The traffic figures are judged by the foundation's variance rules (data/variance-rules.csv), bands inclusive.</summary>
public sealed class VarianceBandTests
{
    [Fact]
    public void ServiceRequestsAndCsrs_AreJudgedByTheFoundationBands()
    {
        using var folder = new TempFolder();
        var requests = new List<string> { "id,user,user_role,srv,smets,category,received,scheduled,responded,outcome" };
        var csrs = new List<string> { "id,subscriber,certificate_kind,received,issued" };
        void Send(string user, int count, string smets = "2")
        {
            for (var i = 0; i < count; i++)
            {
                requests.Add($"{user}-{smets}-{i},{user},supplier,4.1.1,{smets},on-demand,2026-11-03T12:00:00.000Z,,2026-11-03T12:00:01.000Z,success");
            }
        }

        void Certify(string subscriber, int count)
        {
            for (var i = 0; i < count; i++)
            {
                csrs.Add($"{subscriber}-{i},{subscriber},device,2026-11-03T12:00:00.000Z,2026-11-03T12:00:30.000Z");
            }
        }

        Send("AT-90", 9);          // exactly 90%: an exception (the band includes its end)
        Send("JUST-OVER-90", 91);  // 91%: inside the band
        Send("AT-110", 11);        // exactly 110%: an exception
        Send("JUST-UNDER-110", 109);
        Send("SMETS1-ONLY", 10, smets: "1"); // SMETS1 is left out: 0 sent against 10 is an exception
        Send("NO-FORECAST", 1);    // sent with no forecast: an exception under sr-variance
        Certify("CSR-AT-110", 11); // exactly 110%: an exception
        Certify("CSR-AT-50", 5);   // 50%: no lower bound for CSRs
        Certify("CSR-NO-FORECAST", 1);
        File.WriteAllLines(Path.Combine(folder.Path, "service-requests-2026-11-03.csv"), requests);
        File.WriteAllLines(Path.Combine(folder.Path, "csrs-2026-11-03.csv"), csrs);
        File.WriteAllLines(Path.Combine(folder.Path, "sr-forecasts-2026-11.csv"),
        [
            "month,user,srv,forecast",
            "2026-11,AT-90,,10", "2026-11,JUST-OVER-90,,100", "2026-11,AT-110,,10", "2026-11,JUST-UNDER-110,,100", "2026-11,SMETS1-ONLY,,10",
            "2026-10,NO-FORECAST,,10", // another month's forecast does not count
        ]);
        File.WriteAllLines(Path.Combine(folder.Path, "csr-forecasts-2026-11.csv"), ["month,subscriber,forecast", "2026-11,CSR-AT-110,10", "2026-11,CSR-AT-50,10"]);

        var report = Traffic.Analyse(LogFile.InFolder(folder.Path).Value, Traffic.November);
        Assert.Equal(
            [
                "AT-110: at or above 110% of forecast",
                "AT-90: at or below 90% of forecast",
                "JUST-OVER-90: ",
                "JUST-UNDER-110: ",
                "NO-FORECAST: no forecast, 1 sent",
                "SMETS1-ONLY: at or below 90% of forecast",
            ],
            report.Users.Select(u => $"{u.Key}: {u.Exception}"));
        Assert.Equal(["CSR-AT-110: at or above 110% of forecast", "CSR-AT-50: ", "CSR-NO-FORECAST: no forecast, 1 sent"], report.Subscribers.Select(s => $"{s.Key}: {s.Exception}"));
        Assert.Equal(10, report.Smets1Excluded);
    }
}
