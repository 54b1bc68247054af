using System.Net;
using System.Text.Json;
using NodaTime;
using SecPanel.Assessment;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>A meeting's assessment over HTTP: the command line's JSON, its Users cut to the exceptions by default, and never stale.</summary>
public sealed class AssessmentTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheAssessment_IsTheCommandLinesJson_WithTheExceptionalUsersByDefault_AndFollowsEveryChange(StoreKind kind)
    {
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("olu", Role.Member, Tlp.Green, "OPSG");
        var olu = await server.SignedIn("olu");
        var date = File.ReadLines(Path.Combine(Workspaces.Year, "meeting.csv")).First(l => l.StartsWith("OPSG,2026-10", StringComparison.Ordinal)).Split(',')[1];
        var path = $"/api/assessments/OPSG/{date}";
        var cli = AssessmentJson.Write(server.Store.Assess("OPSG", LocalDate.FromDateTime(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture))).Value);

        var all = await olu.GetAsync(path + "?users=all", Cancel);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(cli, await all.Content.ReadAsStringAsync(Cancel));

        // By default, a variance report's users are those whose figures are exceptions; the rest is the same.
        var every = JsonDocument.Parse(cli).RootElement;
        var cut = await (await olu.GetAsync(path, Cancel)).Json();
        var reports = every.GetProperty("reports").EnumerateArray().Zip(cut.GetProperty("reports").EnumerateArray()).ToList();
        var variance = reports.Where(r => r.First.TryGetProperty("users", out _)).ToList();
        Assert.NotEmpty(variance);
        Assert.Contains(variance, r => r.First.GetProperty("users").EnumerateArray().Any(u => !u.GetProperty("exception").GetBoolean()));
        foreach (var (whole, part) in reports)
        {
            foreach (var property in whole.EnumerateObject().Where(p => p.Name != "users"))
            {
                Assert.Equal(property.Value.GetRawText(), part.GetProperty(property.Name).GetRawText());
            }

            if (whole.TryGetProperty("users", out var users))
            {
                Assert.Equal(
                    users.EnumerateArray().Where(u => u.GetProperty("exception").GetBoolean()).Select(u => u.GetRawText()),
                    part.GetProperty("users").EnumerateArray().Select(u => u.GetRawText()));
            }
        }

        // A change to the store is in the next answer (the server keeps assessments only while the store is unchanged).
        var delivered = File.ReadLines(Path.Combine(Workspaces.Year, "deliveries.csv")).Skip(1).Select(l => l.Split(',')).First(f => reports.Any(r => r.First.GetProperty("obligation").GetString() == f[0] && r.First.GetProperty("period").GetString() == f[1] && f[2].Length > 0));
        using var folder = new TempFolder();
        var change = Path.Combine(folder.Path, "deliveries.csv");
        File.WriteAllText(change, $"obligation,period,delivered,reference,observations\n{delivered[0]},{delivered[1]},{delivered[2]},{delivered[3]},Observed by the test\n");
        var imported = server.Store.Import(change, new ImportOptions("tester", AllowUpdates: true));
        Assert.True(imported.Succeeded, string.Join("\n", imported.Problems));

        var after = await (await olu.GetAsync(path, Cancel)).Json();
        Assert.Contains(after.GetProperty("reports").EnumerateArray(), r => r.GetProperty("observations").ValueKind == JsonValueKind.String && r.GetProperty("observations").GetString() == "Observed by the test");

        var wrong = await olu.GetAsync(path + "?users=some", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("'exceptions'", await wrong.Problem(), StringComparison.Ordinal);
    }
}
