using NodaTime;
using SecPanel.Assessment;
using SecPanel.Performance;
using SecPanel.Testing;
using SecPanel.Traffic;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>Stores made by an earlier SecPanel, brought to this one's schema by <c>secpanel init</c>.</summary>
public class MigrationTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreAtSchema3_IsRefusedUntilInit_ThenHasTheTargetResponseTimes(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        var june = AssessmentJson.Write(store.Assess("OPSG", new LocalDate(2018, 6, 26)).Value);

        // A schema-3 store is exactly this one without what migrations 0004 and 0005 add.
        ToSchema3(fixture);
        var open = Assert.Throws<StoreException>(() => Store.Open(fixture.Location, fixture.Clock));
        Assert.Contains($"the store has schema version 3; run 'secpanel init' to migrate it to {Store.SchemaVersion}", open.Message, StringComparison.Ordinal);

        var migrated = Store.Init(fixture.Location, fixture.Clock, Repo.Data, "migrator");
        var times = migrated.Rules().TargetResponseTimes.All.Select(t => $"{t.Category.Key()} {t.Measure} {t.TargetMilliseconds / 1000}");
        Assert.Equal(["on-demand CPM1 30", "future-dated CPM2 30", "alert CPM3 60", "csr CPM7 60"], times);
        // The trail also holds the insert of the table this test dropped, as a real schema-3 store would not.
        var seeded = migrated.History("target-response-time", "on-demand")[^1];
        Assert.Equal(("insert", "migrator"), (seeded.Action, seeded.Actor));

        // The case was carried over untouched: it assesses as before.
        Assert.Equal(june, AssessmentJson.Write(migrated.Assess("OPSG", new LocalDate(2018, 6, 26)).Value));
        Assert.Contains(("target-response-time", 4L), migrated.Counts());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreAtSchema3_WhoseMeasuresDoNotFitTheTimes_IsToldWhy_AndSaysSoUntilMended(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        fixture.Init();
        ToSchema3(fixture);
        StoreTests.Execute(fixture.Location, "DELETE FROM \"performance_measures\" WHERE \"key\" = 'CPM7'");

        var init = Assert.Throws<StoreException>(() => fixture.Init());
        var file = System.IO.Path.Combine(Repo.Data, TargetResponseTimes.File);
        Assert.Contains($"  {file}:5: field 'measure': unknown measure 'CPM7'", init.Message, StringComparison.Ordinal);
        var store = Store.Open(fixture.Location, fixture.Clock);
        var rules = Assert.Throws<StoreException>(() => store.Rules());
        Assert.EndsWith("the store holds no rules of rules/target-response-times.csv, rules/traffic-thresholds.csv, rules/traffic-exempt-alerts.csv, rules/planned-maintenance.csv; run 'secpanel init' to load them from the data folder, or import the file", rules.Message, StringComparison.Ordinal);

        // Mended by importing times that fit the store's measures, with the traffic and maintenance rules the failed init left out.
        var mending = System.IO.Path.Combine(fixture.Folder, "mending", "rules");
        Directory.CreateDirectory(mending);
        File.WriteAllText(System.IO.Path.Combine(mending, TargetResponseTimes.File), "category,measure,target_seconds\non-demand,CPM1,30\nfuture-dated,CPM2,30\nalert,CPM3,60\ncsr,CPM8,60\n");
        foreach (var traffic in new[] { TrafficRules.ThresholdsFile, TrafficRules.AllocationsFile, TrafficRules.ExemptFile, RuleBook.MaintenanceFile })
        {
            File.Copy(System.IO.Path.Combine(Repo.Data, traffic), System.IO.Path.Combine(mending, traffic));
        }

        var mended = store.Import(System.IO.Path.GetDirectoryName(mending)!, new ImportOptions("analyst"));
        Assert.True(mended.Succeeded, string.Join('\n', mended.Problems));
        Assert.Equal("CPM8", store.Rules().TargetResponseTimes.For(ResponseCategory.Csr).Measure);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreAtSchema4_GetsItemLinks_KeepingItsItems_AndStoresLinksThatExportBack(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        var items = store.Case().Case.Records.Items;

        // A schema-4 store is this one without the items' links column.
        ToSchema5(fixture);
        StoreTests.Execute(fixture.Location, "ALTER TABLE \"items\" DROP COLUMN \"links\"");
        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 5");
        Assert.Contains("the store has schema version 4", Assert.Throws<StoreException>(() => Store.Open(fixture.Location, fixture.Clock)).Message, StringComparison.Ordinal);

        // Dropping the column dropped the sample's two links, as a real schema-4 store never had them.
        var migrated = fixture.Init();
        if (kind == StoreKind.Postgres)
        {
            Assert.ThrowsAny<System.Data.Common.DbException>(() => StoreTests.Execute(fixture.Location, "TRUNCATE \"audit_log\""));
        }

        Assert.Equal(items.Select(i => i with { Links = [] }), migrated.Case().Case.Records.Items);
        Assert.All(migrated.Case().Case.Records.Items, i => Assert.Empty(i.Links));

        // Links are stored, and travel with the export.
        var file = System.IO.Path.Combine(fixture.Folder, "items.csv");
        File.WriteAllText(file, "committee,meeting_date,id,kind,title,text,links\nSSC,2018-06-20,H9,highlight,Links,See SECMP0044 and SECMP0042.,SECMP0044=https://example.org/mods/secmp0044 SECMP0042=https://example.org/mods/secmp0042\n");
        Assert.True(migrated.Import(file, new ImportOptions("analyst")).Succeeded);
        var linked = migrated.Case().Case.Records.Items.Single(i => i.Id == "H9");
        Assert.Equal(["SECMP0044 https://example.org/mods/secmp0044", "SECMP0042 https://example.org/mods/secmp0042"], linked.Links.Select(l => $"{l.Label} {l.Url}"));
        var export = System.IO.Path.Combine(fixture.Folder, "export");
        migrated.Export(export);
        Assert.Contains("SECMP0044=https://example.org/mods/secmp0044 SECMP0042=https://example.org/mods/secmp0042", File.ReadAllText(System.IO.Path.Combine(export, "items.csv")), StringComparison.Ordinal);
    }

    /// <summary>The store as schema 5 left it: PostgreSQL's audit log without its TRUNCATE trigger.</summary>
    /// <summary>
    /// A dump without the traffic rules and their audit entries: a store migrated from before schema 9
    /// loads them again, later in its audit trail (the migration test of schema 8 checks them).
    /// </summary>
    private static string WithoutTraffic(string dump) => Without(Without(dump, "traffic-"), "maintenance-");

    /// <summary>A dump without the rule files and audit entries whose names start with <paramref name="prefix"/>.</summary>
    private static string Without(string dump, string prefix)
    {
        var kept = new List<string>();
        var inTrafficFile = false;
        foreach (var line in dump.Split('\n'))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                inTrafficFile = line.Contains(prefix, StringComparison.Ordinal);
            }

            if (!inTrafficFile && !line.Contains("Kind = " + prefix, StringComparison.Ordinal))
            {
                kept.Add(line);
            }
        }

        return string.Join('\n', kept);
    }

    /// <summary>
    /// A schema-8 store is this one without the reminders of migration 0013, the calendar feeds of migration 0012, the traffic outlooks of migration 0011, the traffic notices of migration 0010 and the traffic management rules of migration 0009, nor the
    /// audit entries of their loading (taken out past the log's append-only triggers, as a real
    /// schema-8 store never had them).
    /// </summary>
    private static void ToSchema8(StoreFixture fixture)
    {
        ToSchema13(fixture);
        StoreTests.Execute(fixture.Location, "DROP TABLE \"reminders\"");
        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 13");
        StoreTests.Execute(fixture.Location, "DROP TABLE \"calendar_feeds\"");
        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 12");
        StoreTests.Execute(fixture.Location, "DROP TABLE \"traffic_outlooks\"");
        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 11");
        StoreTests.Execute(fixture.Location, "DROP TABLE \"traffic_notices\"");
        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 10");
        foreach (var table in new[] { "traffic_thresholds", "traffic_allocations", "traffic_exempt_alerts" })
        {
            StoreTests.Execute(fixture.Location, $"DROP TABLE \"{table}\"");
        }

        const string Delete = "DELETE FROM \"audit_log\" WHERE \"kind\" LIKE 'traffic-%'";
        if (fixture.Kind == StoreKind.Postgres)
        {
            StoreTests.Execute(fixture.Location, $"ALTER TABLE \"audit_log\" DISABLE TRIGGER \"audit_log_no_change\"; {Delete}; ALTER TABLE \"audit_log\" ENABLE TRIGGER \"audit_log_no_change\"");
        }
        else
        {
            StoreTests.Execute(fixture.Location, $"DROP TRIGGER \"audit_log_no_delete\"; {Delete}; CREATE TRIGGER \"audit_log_no_delete\" BEFORE DELETE ON \"audit_log\" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
        }

        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 9");
    }

    /// <summary>
    /// A schema-13 store is this one without the Planned Maintenance of migration 0014: its rule
    /// table, its windows, and the audit entries of the rules' loading (taken out past the log's
    /// append-only triggers, as a real schema-13 store never had them).
    /// </summary>
    private static void ToSchema13(StoreFixture fixture)
    {
        StoreTests.Execute(fixture.Location, "DROP TABLE \"planned_maintenance\"");
        StoreTests.Execute(fixture.Location, "DROP TABLE \"maintenance_windows\"");
        const string Delete = "DELETE FROM \"audit_log\" WHERE \"kind\" LIKE 'maintenance-%'";
        if (fixture.Kind == StoreKind.Postgres)
        {
            StoreTests.Execute(fixture.Location, $"ALTER TABLE \"audit_log\" DISABLE TRIGGER \"audit_log_no_change\"; {Delete}; ALTER TABLE \"audit_log\" ENABLE TRIGGER \"audit_log_no_change\"");
        }
        else
        {
            StoreTests.Execute(fixture.Location, $"DROP TRIGGER \"audit_log_no_delete\"; {Delete}; CREATE TRIGGER \"audit_log_no_delete\" BEFORE DELETE ON \"audit_log\" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
        }

        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 14");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreAtSchema13_IsRefusedUntilInit_ThenHasThePlannedMaintenanceRules_KeepingItsRecords(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        var before = Dump.Of(store);
        ToSchema13(fixture);
        var open = Assert.Throws<StoreException>(() => Store.Open(fixture.Location, fixture.Clock));
        Assert.Contains($"the store has schema version 13; run 'secpanel init' to migrate it to {Store.SchemaVersion}", open.Message, StringComparison.Ordinal);

        // init fills the new rule table from the data folder, audited as inserts, as at first; the store then takes windows.
        var migrated = Store.Init(fixture.Location, fixture.Clock, Repo.Data, "migrator");
        var after = Dump.Of(migrated);
        Assert.Equal(Without(before, "maintenance-"), Without(after, "maintenance-"));
        Assert.Contains("Actor = migrator, Kind = maintenance-rule", after, StringComparison.Ordinal);
        var service = Assert.Single(migrated.Rules().Maintenance.Services);
        Assert.Equal(("ssi", "CPM6", 20), (service.Key, service.Measure, service.NoticeWorkingDays));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreAtSchema8_IsRefusedUntilInit_ThenHasTheTrafficRules_KeepingItsRecords(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        var before = Dump.Of(store);
        ToSchema8(fixture);
        var open = Assert.Throws<StoreException>(() => Store.Open(fixture.Location, fixture.Clock));
        Assert.Contains($"the store has schema version 8; run 'secpanel init' to migrate it to {Store.SchemaVersion}", open.Message, StringComparison.Ordinal);

        // init fills the new rule tables from the data folder, audited as inserts, as at first.
        var migrated = Store.Init(fixture.Location, fixture.Clock, Repo.Data, "migrator");
        var after = Dump.Of(migrated);
        Assert.Equal(WithoutTraffic(before), WithoutTraffic(after));
        Assert.Contains("Actor = migrator, Kind = traffic-threshold", after, StringComparison.Ordinal);
        var traffic = migrated.Case().Rules.Traffic;
        Assert.Equal(2, traffic.Thresholds.Count);
        Assert.Equal("AD1", Assert.Single(traffic.ExemptCodes).Code);
    }

    /// <summary>A schema-7 store is this one without the uploads and papers of migration 0008.</summary>
    private static void ToSchema7(StoreFixture fixture)
    {
        ToSchema8(fixture);
        StoreTests.Execute(fixture.Location, "DROP TABLE \"uploads\"");
        StoreTests.Execute(fixture.Location, "DROP TABLE \"papers\"");
        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 8");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreAtSchema7_IsRefusedUntilInit_ThenKeepsUploads_KeepingItsRecordsAndAccounts(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        store.AddAccount("ada", Role.Admin, Records.Tlp.Red, [], "hash", "migrator");
        var before = Dump.Of(store);
        ToSchema7(fixture);
        var open = Assert.Throws<StoreException>(() => Store.Open(fixture.Location, fixture.Clock));
        Assert.Contains($"the store has schema version 7; run 'secpanel init' to migrate it to {Store.SchemaVersion}", open.Message, StringComparison.Ordinal);

        var migrated = Store.Init(fixture.Location, fixture.Clock, Repo.Data, "migrator");
        Assert.Equal(WithoutTraffic(before), WithoutTraffic(Dump.Of(migrated)));
        Assert.Equal("ada", Assert.Single(migrated.Accounts()).Name);
        var upload = migrated.AddUpload("ada", false, [new ImportText("actions.csv", "actions.csv", "x")], [new ImportCount("action", 1, 0, 0, 0)]);
        Assert.Equal(upload.Files, migrated.FindUpload(upload.Id, "ada")!.Files);
        migrated.SavePaper("SECP_1_0101_1", "{}", [new PaperFiles("SECP_1_0101_1", "Report", Records.Tlp.White, [1, 2], "<p>", "# R")], "ada");
        Assert.Equal([1, 2], migrated.PaperDocument("SECP_1_0101_1", "SECP_1_0101_1", Records.Tlp.White)!.Docx);
    }

    /// <summary>A schema-6 store is this one without the server's tables of migration 0007.</summary>
    private static void ToSchema6(StoreFixture fixture)
    {
        ToSchema7(fixture);
        foreach (var table in new[] { "server_log", "server_keys", "api_tokens", "accounts" })
        {
            StoreTests.Execute(fixture.Location, $"DROP TABLE \"{table}\"");
        }

        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 7");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreAtSchema6_IsRefusedUntilInit_ThenTakesAccounts_KeepingItsRecords(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        var before = Dump.Of(store);
        ToSchema6(fixture);
        var open = Assert.Throws<StoreException>(() => Store.Open(fixture.Location, fixture.Clock));
        Assert.Contains($"the store has schema version 6; run 'secpanel init' to migrate it to {Store.SchemaVersion}", open.Message, StringComparison.Ordinal);

        var migrated = Store.Init(fixture.Location, fixture.Clock, Repo.Data, "migrator");
        Assert.Equal(WithoutTraffic(before), WithoutTraffic(Dump.Of(migrated)));
        Assert.Empty(migrated.Accounts());
        migrated.AddAccount("ada", Role.Admin, Records.Tlp.Red, [], "hash", "migrator");
        Assert.Equal("ada", Assert.Single(migrated.Accounts()).Name);
    }

    private static void ToSchema5(StoreFixture fixture)
    {
        ToSchema6(fixture);
        if (fixture.Kind == StoreKind.Postgres)
        {
            StoreTests.Execute(fixture.Location, "DROP TRIGGER \"audit_log_no_truncate\" ON \"audit_log\"");
        }

        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" = 6");
    }

    private static void ToSchema3(StoreFixture fixture)
    {
        ToSchema5(fixture);
        StoreTests.Execute(fixture.Location, "ALTER TABLE \"items\" DROP COLUMN \"links\"");
        StoreTests.Execute(fixture.Location, "DROP TABLE \"target_response_times\"");
        StoreTests.Execute(fixture.Location, "DELETE FROM \"schema_version\" WHERE \"version\" IN (4, 5)");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TargetResponseTimes_ChangedByImport_AreTheStoresAndTravelWithTheExport(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        var file = System.IO.Path.Combine(fixture.Folder, TargetResponseTimes.File);
        File.WriteAllText(file, "category,measure,target_seconds\non-demand,CPM1,20\nfuture-dated,CPM2,30\nalert,CPM3,60\ncsr,CPM7,60\n");

        var refused = store.Import(file, new ImportOptions("analyst"));
        Assert.Equal([$"{file}:2: target-response-time on-demand is already stored with other values (target_seconds: '30' stored, '20' here); to replace it, import again with --update"], refused.Problems.Select(p => p.ToString()));
        Assert.True(store.Import(file, new ImportOptions("analyst", AllowUpdates: true)).Succeeded);
        Assert.Equal(20_000, store.Rules().TargetResponseTimes.For(ResponseCategory.OnDemand).TargetMilliseconds);

        var export = System.IO.Path.Combine(fixture.Folder, "export");
        store.Export(export);
        Assert.Equal(File.ReadAllText(file), File.ReadAllText(System.IO.Path.Combine(export, "rules", TargetResponseTimes.File)));
    }
}
