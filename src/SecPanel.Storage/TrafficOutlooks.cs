using System.Data.Common;
using System.Text.Json;
using Dapper;
using NodaTime;
using NodaTime.Text;
using SecPanel.Traffic;

namespace SecPanel.Storage;

/// <summary>The outlooks behind traffic management items (schema 11): written with their items, read by the paper.</summary>
public sealed partial class Store
{
    private const string OutlookKind = "traffic-outlook";

    private const string OutlookColumns = "\"committee\", \"meeting_date\", \"item\", \"day\", \"service\", \"confidence\", \"peak\", \"storm\", \"expected\", \"lower\", \"upper\", \"threshold\", \"capacity\"";

    /// <summary>
    /// Imports <paramref name="files"/> (the items and actions a traffic forecast raises) and, in the
    /// same transaction, stores <paramref name="outlooks"/>, each replacing the one its item had:
    /// all of it or, when the import is refused, none of it. An outlook whose item the store does not
    /// hold once the import is written is refused. An outlook as stored already is left alone.
    /// </summary>
    public ImportOutcome ImportWithOutlooks(IReadOnlyList<ImportText> files, ImportOptions options, IReadOnlyList<TrafficOutlook> outlooks)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outlooks);
        return Import(files, options with { Alongside = (connection, transaction) => WriteOutlooks(connection, transaction, outlooks, options.Actor) });
    }

    /// <summary>The outlooks of the meetings of <paramref name="committee"/> on <paramref name="meetingDate"/>, by item.</summary>
    public IReadOnlyList<TrafficOutlook> TrafficOutlooksOf(string committee, LocalDate meetingDate)
    {
        using var connection = provider.Open();
        return ReadOutlooks(connection, null, meetingDate.PlusDays(-1), meetingDate, committee, null);
    }

    /// <summary>The outlooks of the meetings after <paramref name="after"/> up to <paramref name="until"/>: the paper's window, read by its key's date, not whole.</summary>
    private static List<TrafficOutlook> ReadOutlooks(DbConnection connection, DbTransaction? transaction, LocalDate after, LocalDate until, string? committee, string? item)
    {
        var sql = $"SELECT {OutlookColumns} FROM \"traffic_outlooks\" WHERE \"meeting_date\" > @after AND \"meeting_date\" <= @until"
            + (committee is null ? string.Empty : " AND \"committee\" = @committee")
            + (item is null ? string.Empty : " AND \"item\" = @item")
            + " ORDER BY \"committee\", \"meeting_date\", \"item\", \"day\"";
        var rows = connection.Query<(string Committee, string MeetingDate, string Item, string Day, string Service, long Confidence, long? Peak, long Storm, long? Expected, long? Lower, long? Upper, long? Threshold, long? Capacity)>(
            sql, new { after = Date(after), until = Date(until), committee, item }, transaction);
        return [.. rows
            .GroupBy(r => (r.Committee, r.MeetingDate, r.Item))
            .Select(g =>
            {
                var first = g.First();
                var service = TrafficServices.Parse(first.Service) ?? throw new StoreException($"traffic outlook {g.Key.Committee}/{g.Key.MeetingDate}/{g.Key.Item}: '{first.Service}' is not a service");
                return new TrafficOutlook(
                    g.Key.Committee,
                    LocalDatePattern.Iso.Parse(g.Key.MeetingDate).Value,
                    g.Key.Item,
                    service,
                    (int)first.Confidence,
                    [.. g.Select(r => new OutlookDay(LocalDatePattern.Iso.Parse(r.Day).Value, r.Peak, r.Storm != 0, r.Expected, r.Lower, r.Upper, r.Threshold, r.Capacity))]);
            })];
    }

    private void WriteOutlooks(DbConnection connection, DbTransaction transaction, IReadOnlyList<TrafficOutlook> outlooks, string actor)
    {
        foreach (var outlook in outlooks)
        {
            var key = $"{outlook.Committee}/{Date(outlook.MeetingDate)}/{outlook.Item}";
            var parameters = new { committee = outlook.Committee, meetingDate = Date(outlook.MeetingDate), item = outlook.Item };
            var itemKey = new { parameters.committee, meetingDate = provider.Bind(Internals.ColumnType.Date, parameters.meetingDate), parameters.item };
            if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"items\" WHERE \"committee\" = @committee AND \"meeting_date\" = @meetingDate AND \"id\" = @item", itemKey, transaction) == 0)
            {
                throw new StoreException($"traffic outlook {key}: the store holds no such item; an outlook is stored with its item");
            }

            var old = ReadOutlooks(connection, transaction, outlook.MeetingDate.PlusDays(-1), outlook.MeetingDate, outlook.Committee, outlook.Item).SingleOrDefault();
            if (outlook.Equals(old))
            {
                continue;
            }

            connection.Execute("DELETE FROM \"traffic_outlooks\" WHERE \"committee\" = @committee AND \"meeting_date\" = @meetingDate AND \"item\" = @item", parameters, transaction);
            connection.Execute(
                $"INSERT INTO \"traffic_outlooks\" ({OutlookColumns}) VALUES (@committee, @meetingDate, @item, @day, @service, @confidence, @peak, @storm, @expected, @lower, @upper, @threshold, @capacity)",
                outlook.Days.Select(d => new
                {
                    parameters.committee,
                    parameters.meetingDate,
                    parameters.item,
                    day = Date(d.Date),
                    service = outlook.Service.Key(),
                    confidence = (long)outlook.ConfidencePercent,
                    peak = d.Peak,
                    storm = d.Storm ? 1L : 0L,
                    expected = d.Expected,
                    lower = d.Lower,
                    upper = d.Upper,
                    threshold = d.Threshold,
                    capacity = d.Capacity,
                }),
                transaction);
            connection.Execute(
                "INSERT INTO \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\") VALUES (@at, @actor, @kind, @key, @action, @old, @new)",
                new { at = provider.BindInstant(clock.GetCurrentInstant()), actor, kind = OutlookKind, key, action = old is null ? "insert" : "update", old = old is null ? null : OutlookText(old), @new = OutlookText(outlook) },
                transaction);
        }
    }

    /// <summary>Deletes the outlook of the item keyed <paramref name="item"/> (committee, meeting date, id), which an import is deleting: it goes with its item.</summary>
    private static void DeleteOutlook(DbConnection connection, DbTransaction transaction, string[] item) =>
        connection.Execute(
            "DELETE FROM \"traffic_outlooks\" WHERE \"committee\" = @committee AND \"meeting_date\" = @meetingDate AND \"item\" = @item",
            new { committee = item[0], meetingDate = item[1], item = item[2] },
            transaction);

    /// <summary>An outlook as the audit trail gives it: what it covers, not every day.</summary>
    private static string OutlookText(TrafficOutlook outlook)
    {
        var observed = outlook.Observed.ToList();
        var forecast = outlook.Forecast.ToList();
        return JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["service"] = outlook.Service.Key(),
            ["observed"] = observed.Count == 0 ? null : $"{Date(observed[0].Date)} to {Date(observed[^1].Date)}, peak {observed.Max(d => d.Peak)} a minute",
            ["forecast"] = forecast.Count == 0 ? null : $"{Date(forecast[0].Date)} to {Date(forecast[^1].Date)}, {forecast[^1].Expected} a minute at the end ({outlook.ConfidencePercent}% interval {forecast[^1].Lower} to {forecast[^1].Upper})",
        });
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
