using System.Globalization;
using System.Text.Json;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>
/// <c>traffic analyse --db</c> as a user runs it: a generated month of logs, a SQLite store with the
/// month's meeting and deliveries, the figures stored as the reports' content and read back by
/// assess and export. Expected figures come from the traffic JSON, not from constants.
/// </summary>
public sealed class TrafficStoreTests : IDisposable
{
    private const string Month = "2026-11";

    private readonly TempFolder temp = new();

    public TrafficStoreTests()
    {
        Logs = Path.Combine(temp.Path, "logs");
        Db = Path.Combine(temp.Path, "secpanel.db");
        Ok(Run("traffic", "generate", "--month", Month, "--meters", "400", "--seed", "1", "--out", Logs));
        Ok(Run("init", "--db", Db));
    }

    private string Logs { get; }

    private string Db { get; }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void AnalyseWithDb_StoresTheMonthsFigures_WhichAssessAndExportShow_AndARerunChangesNothing()
    {
        RecordDeliveries();
        var figures = Ok(Run("traffic", "analyse", Logs, "--format", "json"));
        var stored = Run("traffic", "analyse", Logs, "--db", Db, "--format", "json", "--as", "analyst");

        // Standard output is the same JSON document; what was stored is told on standard error.
        Assert.Equal((0, figures), (stored.Code, stored.Out));
        Assert.Contains($"Stored in {Db} as the content of sr-variance 2026-11, csr-variance 2026-11 and pmr 2026-11:\n", stored.Err, StringComparison.Ordinal);
        using var traffic = JsonDocument.Parse(figures);
        var sr = traffic.RootElement.GetProperty("serviceRequests");
        var users = Lines(sr.GetProperty("users"), "user");
        var subscribers = Lines(traffic.RootElement.GetProperty("csrs").GetProperty("subscribers"), "subscriber");
        var levels = traffic.RootElement.GetProperty("serviceLevels").EnumerateArray()
            .Select(l => $"{l.GetProperty("measure").GetString()} {l.GetProperty("within").GetInt64()}/{l.GetProperty("total").GetInt64()} {l.GetProperty("result").GetString()}").ToList();

        // The availability from the month's outage log is stored as CPM6, in minutes (no window is stored: nothing is left out).
        var availability = Assert.Single(traffic.RootElement.GetProperty("availability").EnumerateArray());
        Assert.Equal(("CPM6", 0), (availability.GetProperty("measure").GetString(), availability.GetProperty("plannedMaintenanceMinutes").GetInt32()));
        levels.Add($"CPM6 {availability.GetProperty("within").GetInt64()}/{availability.GetProperty("total").GetInt64()} {availability.GetProperty("result").GetString()}");
        levels.Sort(StringComparer.Ordinal);
        var (csrSent, csrForecast) = (subscribers.Sum(s => s.Sent), subscribers.Where(s => s.Forecast is not null).Sum(s => s.Forecast!.Value));

        // Assess from the store shows them as the content of the month's reports.
        using var assessed = JsonDocument.Parse(Ok(Run("assess", "--db", Db, "--committee", "OPSG", "--meeting", "2027-01-26", "--format", "json")));
        var reports = assessed.RootElement.GetProperty("reports").EnumerateArray().Where(r => r.GetProperty("period").GetString() == Month).ToDictionary(r => r.GetProperty("obligation").GetString()!);
        var srReport = reports["sr-variance"];
        Assert.Equal((sr.GetProperty("sent").GetInt64(), sr.GetProperty("forecast").GetInt64()), (srReport.GetProperty("sent").GetInt64(), srReport.GetProperty("forecast").GetInt64()));
        Assert.Equal(users, Lines(srReport.GetProperty("users"), "user"));
        var csrReport = reports["csr-variance"];
        Assert.Equal((csrSent, csrForecast), (csrReport.GetProperty("sent").GetInt64(), csrReport.GetProperty("forecast").GetInt64()));
        Assert.Equal(subscribers, Lines(csrReport.GetProperty("users"), "user"));
        Assert.Equal(levels, reports["pmr"].GetProperty("measures").EnumerateArray()
            .Select(m => $"{m.GetProperty("measure").GetString()} {m.GetProperty("within").GetInt64()}/{m.GetProperty("total").GetInt64()} {m.GetProperty("result").GetString()}").Order(StringComparer.Ordinal));

        // The export carries the rule table and the stored lines, in the case format.
        var export = Export("export");
        Assert.Equal(File.ReadAllText(Repo.Path("data", "target-response-times.csv")), export[Path.Combine("rules", "target-response-times.csv")]);
        Assert.Contains($"\nsr-variance,{Month},,{sr.GetProperty("sent").GetInt64()},{sr.GetProperty("forecast").GetInt64()}\n", export["variance.csv"], StringComparison.Ordinal);
        Assert.Contains($"\ncsr-variance,{Month},,{csrSent},{csrForecast}\n", export["variance.csv"], StringComparison.Ordinal);
        var cpm1 = traffic.RootElement.GetProperty("serviceLevels")[0];
        Assert.Contains($"\npmr,{Month},CPM1,{cpm1.GetProperty("within").GetInt64()},{cpm1.GetProperty("total").GetInt64()},,,,,\n", export["performance.csv"], StringComparison.Ordinal);
        Assert.Equal($"2026-11-28T12:00:00Z  analyst  insert  obligation=sr-variance, period=2026-11, user=, sent={sr.GetProperty("sent").GetInt64()}, forecast={sr.GetProperty("forecast").GetInt64()}\n", Ok(Run("history", "variance", "sr-variance/2026-11/-", "--db", Db)));

        // Again with the same logs: the figures follow the table on standard output, every line unchanged.
        var again = Ok(Run("traffic", "analyse", Logs, "--db", Db));
        var rows = users.Count + subscribers.Count + 2;
        Assert.Contains($"\nStored in {Db} as the content of sr-variance 2026-11, csr-variance 2026-11 and pmr 2026-11:\n", again, StringComparison.Ordinal);
        Assert.Contains($"\n{"variance",-24} {0,9} {0,8} {0,8} {rows,10}\n{"performance",-24} {0,9} {0,8} {0,8} {5,10}\n", again, StringComparison.Ordinal);
        Assert.Contains("No delivery is recorded by this", again, StringComparison.Ordinal);
        Assert.Equal(export, Export("again"));
    }

    [Fact]
    public void AnalyseWithDb_AChangedFigure_IsRefusedWithoutUpdate_NamingIt_AndTheStoreIsUnchanged()
    {
        RecordDeliveries();
        var first = Ok(Run("traffic", "analyse", Logs, "--db", Db, "--format", "json"));
        var before = Export("before");

        // A revised forecast for the first Subscriber changes its line and the CSR total.
        var forecasts = Path.Combine(Logs, $"csr-forecasts-{Month}.csv");
        var lines = File.ReadAllLines(forecasts);
        var parts = lines[1].Split(',');
        var (subscriber, old) = (parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture));
        lines[1] = $"{parts[0]},{subscriber},{old + 1}";
        File.WriteAllLines(forecasts, lines);

        var (code, output, error) = Run("traffic", "analyse", Logs, "--db", Db, "--as", "reviewer");
        Assert.Equal(2, code);
        Assert.Contains("Service levels", output, StringComparison.Ordinal);
        Assert.Contains("secpanel: the figures were not stored; the store is unchanged.", error, StringComparison.Ordinal);

        // The line of the computed variance.csv: the header, the SR total and Users, the CSR total, then the Subscribers.
        using var traffic = JsonDocument.Parse(first);
        var srUsers = traffic.RootElement.GetProperty("serviceRequests").GetProperty("users").GetArrayLength();
        var subscribers = Lines(traffic.RootElement.GetProperty("csrs").GetProperty("subscribers"), "subscriber");
        var line = 1 + 1 + srUsers + 1 + 1 + subscribers.FindIndex(s => s.Name == subscriber);
        Assert.Contains($"  variance.csv from {Logs}:{line}: variance csr-variance/{Month}/{subscriber} is already stored with other values (forecast: '{old}' stored, '{old + 1}' here); to replace it, run traffic analyse again with --update", error, StringComparison.Ordinal);
        Assert.Contains($"  variance.csv from {Logs}:{2 + srUsers + 1}: variance csr-variance/{Month}/- is already stored with other values", error, StringComparison.Ordinal);
        Assert.Equal(before, Export("refused"));

        var updated = Ok(Run("traffic", "analyse", Logs, "--db", Db, "--as", "reviewer", "--update"));
        Assert.Contains($"\n{"variance",-24} {0,9} {2,8} {0,8} {srUsers + subscribers.Count + 2 - 2,10}\n", updated, StringComparison.Ordinal);
        var history = Ok(Run("history", "variance", $"csr-variance/{Month}/{subscriber}", "--db", Db)).TrimEnd('\n').Split('\n');
        Assert.Equal(2, history.Length);
        Assert.EndsWith($"reviewer  update  forecast: {old} -> {old + 1}", history[1], StringComparison.Ordinal);
    }

    [Fact]
    public void AnalyseWithDb_AUserGoneFromCorrectedLogs_LosesItsStoredLine_OnlyWithUpdate()
    {
        RecordDeliveries();
        Ok(Run("traffic", "analyse", Logs, "--db", Db));
        const string Gone = "SUPPLIER-J";
        Assert.Contains($"\nsr-variance,{Month},{Gone},", Export("stored")["variance.csv"], StringComparison.Ordinal);

        // The logs corrected: the smallest supplier's requests and forecasts were never its own.
        foreach (var file in Directory.GetFiles(Logs, "service-requests-*.csv").Append(Path.Combine(Logs, $"sr-forecasts-{Month}.csv")))
        {
            File.WriteAllLines(file, File.ReadAllLines(file).Where(l => !l.Contains($",{Gone},", StringComparison.Ordinal)));
        }

        var before = Export("before");
        var (code, _, error) = Run("traffic", "analyse", Logs, "--db", Db);
        Assert.Equal(2, code);
        Assert.Contains($"  variance.csv from {Logs}: variance sr-variance/{Month}/{Gone} is stored but not among these lines, which replace the whole of the sr-variance and csr-variance lines of {Month}; to delete it, run traffic analyse again with --update\n", error, StringComparison.Ordinal);
        Assert.Equal(before, Export("refused"));

        var updated = Ok(Run("traffic", "analyse", Logs, "--db", Db, "--update", "--as", "reviewer"));
        Assert.Matches($"\nvariance +0 +1 +1 +\\d+\n", updated);
        var after = Export("after")["variance.csv"];
        Assert.DoesNotContain($"\nsr-variance,{Month},{Gone},", after, StringComparison.Ordinal);
        Assert.Contains($"\ncsr-variance,{Month},{Gone},", after, StringComparison.Ordinal);
        var history = Ok(Run("history", "variance", $"sr-variance/{Month}/{Gone}", "--db", Db)).TrimEnd('\n').Split('\n');
        Assert.Contains("  reviewer  delete", history[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void AnalyseWithDb_AUserNamedLikeTheTotal_IsABadRow_LeftOutOfTheStoredFigures()
    {
        // A User named "-" would share the total line's key as the audit trail writes it: the store
        // kept one of the two and every later import was refused. Its rows are bad rows, with --db
        // or without, so the figures never hold a name the store refuses.
        RecordDeliveries();
        foreach (var file in Directory.GetFiles(Logs, "service-requests-*.csv"))
        {
            File.WriteAllLines(file, File.ReadAllLines(file).Select(l => l.Replace(",SUPPLIER-J,", ",-,", StringComparison.Ordinal)));
        }

        const string NotAName = "field 'user': '-' is not a User's name: a name starts with a letter or a digit (the total line leaves the User empty)";
        var before = Export("before");
        var (code, _, error) = Run("traffic", "analyse", Logs, "--db", Db, "--strict");
        Assert.Equal(2, code);
        Assert.Contains(NotAName, error, StringComparison.Ordinal);
        Assert.Equal(before, Export("refused"));

        var (stored, _, told) = Run("traffic", "analyse", Logs, "--db", Db);
        Assert.True(stored == 0, told);
        Assert.Contains(" bad rows left out", told, StringComparison.Ordinal);
        Assert.Contains(NotAName, told, StringComparison.Ordinal);
        var variance = Export("stored")["variance.csv"];
        Assert.DoesNotContain($"\nsr-variance,{Month},-,", variance, StringComparison.Ordinal);
        Assert.DoesNotContain($"\nsr-variance,{Month},'-,", variance, StringComparison.Ordinal);
        Ok(Run("import", Repo.Sample, "--db", Db)); // the store still takes the unchanged sample
    }

    [Fact]
    public void AnalyseWithDb_ATruncatedGzipLog_IsRefused_AndChangesNothing_EvenWithUpdate()
    {
        // Cut in half, a gzip day was counted as its first half and --update stored that.
        RecordDeliveries();
        Ok(Run("traffic", "analyse", Logs, "--db", Db));
        var day = Path.Combine(Logs, $"service-requests-{Month}-03.csv");
        using (var output = new System.IO.Compression.GZipStream(File.Create(day + ".gz"), System.IO.Compression.CompressionLevel.Fastest))
        using (var input = File.OpenRead(day))
        {
            input.CopyTo(output);
        }

        File.Delete(day);
        var bytes = File.ReadAllBytes(day + ".gz");
        File.WriteAllBytes(day + ".gz", bytes[..(bytes.Length / 2)]);
        var before = Export("before");

        var (code, output2, error) = Run("traffic", "analyse", Logs, "--db", Db, "--update");

        Assert.Equal((2, string.Empty), (code, output2));
        Assert.Equal($"secpanel: 1 problem found:\n  service-requests-{Month}-03.csv.gz: truncated: the compressed data ends before its end marker\n", error);
        Assert.Equal(before, Export("after"));
    }

    [Fact]
    public void AnalyseWithDb_BeforeTheDeliveriesAreRecorded_IsRefusedOncePerReport_AndStoresNothing()
    {
        var before = Export("before");
        var (code, output, error) = Run("traffic", "analyse", Logs, "--db", Db);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal(
            $"secpanel: 3 problems found:\n" +
            $"  {Db}: no delivery of sr-variance 2026-11 is recorded; the figures are stored as the content of delivered reports: import the deliveries first (deliveries.csv), then run this again\n" +
            $"  {Db}: no delivery of csr-variance 2026-11 is recorded; the figures are stored as the content of delivered reports: import the deliveries first (deliveries.csv), then run this again\n" +
            $"  {Db}: no delivery of pmr 2026-11 is recorded; the figures are stored as the content of delivered reports: import the deliveries first (deliveries.csv), then run this again\n",
            error);
        Assert.Equal(before, Export("after"));
    }

    [Fact]
    public void AnalyseWithDb_JudgesByTheStoresTargetResponseTimes_NotTheDataFolders()
    {
        RecordDeliveries();
        var file = temp.Write(Path.Combine("mine", "target-response-times.csv"), "category,measure,target_seconds\non-demand,CPM1,20\nfuture-dated,CPM2,30\nalert,CPM3,60\ncsr,CPM7,60\n");
        Ok(Run("import", file, "--db", Db, "--update"));
        using var fromData = JsonDocument.Parse(Ok(Run("traffic", "analyse", Logs, "--format", "json")));
        using var fromStore = JsonDocument.Parse(Ok(Run("traffic", "analyse", Logs, "--format", "json", "--db", Db)));
        Assert.Equal(30, fromData.RootElement.GetProperty("serviceLevels")[0].GetProperty("targetResponseSeconds").GetInt32());
        Assert.Equal(20, fromStore.RootElement.GetProperty("serviceLevels")[0].GetProperty("targetResponseSeconds").GetInt32());
    }

    [Fact]
    public void BadTargetResponseTimes_AreRefusedWithFileLineAndField_ByImportAndByTheDataFolder()
    {
        var before = Export("before");
        var file = temp.Write(Path.Combine("bad", "target-response-times.csv"), "category,measure,target_seconds\non-demand,CPM1,30\nfuture-dated,CPM12,30\nalert,CPM3,60\ncsr,CPM7,60\n");
        var (code, _, error) = Run("import", file, "--db", Db, "--update");
        Assert.Equal(2, code);
        Assert.Contains($"  {file}:3: field 'measure': unknown measure 'CPM12'; the measures are in performance-measures.csv\n", error, StringComparison.Ordinal);
        Assert.Equal(before, Export("after"));

        using var data = new TempFolder().CopyFrom(Repo.Data);
        File.Copy(file, Path.Combine(data.Path, "target-response-times.csv"), overwrite: true);
        var analysed = Run("traffic", "analyse", Logs, "--data", data.Path);
        Assert.Equal((2, string.Empty), (analysed.Code, analysed.Out));
        Assert.Contains($"  {data.Path}/target-response-times.csv:3: field 'measure': unknown measure 'CPM12'", analysed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_WithoutDb_IsAUsageError()
    {
        var (code, output, error) = Run("traffic", "analyse", Logs, "--update");
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal("secpanel: --update: only with --db, which names the store to write the figures into\n", error);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    private static string Ok((int Code, string Out, string Err) result)
    {
        Assert.True(result.Code == 0, result.Err);
        return result.Out;
    }

    /// <summary>An OPSG meeting whose window holds the due dates of the November SR, CSR and PMR reports, and their deliveries.</summary>
    private void RecordDeliveries()
    {
        temp.Write(Path.Combine("case", "meeting.csv"), "committee,meeting_date,previous_meeting_date\nOPSG,2027-01-26,2026-11-24\n");
        temp.Write(Path.Combine("case", "deliveries.csv"), $"obligation,period,delivered\nsr-variance,{Month},2026-12-14\ncsr-variance,{Month},2026-12-14\npmr,{Month},2027-01-05\n");
        Ok(Run("import", Path.Combine(temp.Path, "case"), "--db", Db));
    }

    /// <summary>Every file of an export of the store, by its path in the export.</summary>
    private Dictionary<string, string> Export(string name)
    {
        var folder = Path.Combine(temp.Path, name);
        Ok(Run("export", "--db", Db, "--out", folder));
        return Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText);
    }

    private static List<(string Name, long Sent, long? Forecast)> Lines(JsonElement list, string key) =>
        [.. list.EnumerateArray().Select(e => (e.GetProperty(key).GetString()!, e.GetProperty("sent").GetInt64(), e.GetProperty("forecast").ValueKind == JsonValueKind.Null ? (long?)null : e.GetProperty("forecast").GetInt64()))];
}
