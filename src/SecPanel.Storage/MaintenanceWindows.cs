using System.Data.Common;
using NodaTime;
using NodaTime.Text;
using SecPanel.Maintenance;
using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

/// <summary>The Planned Maintenance windows (schema 14), read by the time they start.</summary>
public sealed partial class Store
{
    /// <summary>
    /// The windows starting on a London day from <paramref name="from"/> to <paramref name="to"/>
    /// (both included), by start then id: one index range, however many windows the store holds.
    /// </summary>
    public IReadOnlyList<MaintenanceWindow> MaintenanceStarting(LocalDate from, LocalDate to)
    {
        var table = Tables.Maintenance;
        using var connection = provider.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\" WHERE \"start\" >= @from AND \"start\" < @to ORDER BY \"start\", \"id\"";
        Provider.AddParameter(command, "@from", provider.Bind(ColumnType.DateTime, Canonical.DateTimePattern.Format(from.AtMidnight()))!);
        Provider.AddParameter(command, "@to", provider.Bind(ColumnType.DateTime, Canonical.DateTimePattern.Format(to.PlusDays(1).AtMidnight()))!);
        using var reader = command.ExecuteReader();
        var windows = new List<MaintenanceWindow>();
        while (reader.Read())
        {
            windows.Add(WindowOf(reader, table));
        }

        return windows;
    }

    private static MaintenanceWindow WindowOf(DbDataReader reader, Table table)
    {
        string Value(int i) => Canonical.FromDatabase(table.Columns[i].Type, reader.GetValue(i)) ?? string.Empty;
        return new MaintenanceWindow(
            Value(0),
            Value(1),
            Canonical.DateTimePattern.Parse(Value(2)).Value,
            Canonical.DateTimePattern.Parse(Value(3)).Value,
            LocalDatePattern.Iso.Parse(Value(4)).Value,
            Value(5));
    }
}
