using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

/// <summary>The stored figures of one month's traffic reports: each line's fields, as the case files write them.</summary>
/// <param name="Variance">The SR Variance Report's (H3.24) and the CSR Variance Report's (L8.9) lines: obligation, period, user (empty for the total), sent, forecast.</param>
/// <param name="Performance">The Performance Measurement Report's lines: measure, within, total, and the level, target and minimum when given.</param>
public sealed record MonthFigures(IReadOnlyList<IReadOnlyDictionary<string, string?>> Variance, IReadOnlyList<IReadOnlyDictionary<string, string?>> Performance);

public sealed partial class Store
{
    /// <summary>The obligations whose figures a month's traffic analysis stores (docs/traffic.md).</summary>
    private static readonly string[] TrafficReports = ["sr-variance", "csr-variance", "pmr"];

    /// <summary>
    /// The months (YYYY-MM) with traffic figures stored (SR or CSR variance lines, or performance
    /// results), newest first. Figures are stored only as the content of a delivered report, so the
    /// months come from the deliveries of those reports (one row a report), each checked for
    /// figures by one probe of the figure tables' key: the cost grows with the months, not with the
    /// Users in them.
    /// </summary>
    public IReadOnlyList<string> FigureMonths()
    {
        using var connection = provider.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT d."period" FROM "deliveries" d
            WHERE d."obligation" IN ('sr-variance', 'csr-variance', 'pmr')
              AND (EXISTS (SELECT 1 FROM "variance_figures" v WHERE v."obligation" = d."obligation" AND v."period" = d."period")
                OR EXISTS (SELECT 1 FROM "performance_results" p WHERE p."obligation" = d."obligation" AND p."period" = d."period"))
            ORDER BY 1 DESC
            """;
        using var reader = command.ExecuteReader();
        var months = new List<string>();
        while (reader.Read())
        {
            months.Add(reader.GetString(0));
        }

        return months;
    }

    /// <summary>The stored traffic figures of <paramref name="month"/> (YYYY-MM): the variance lines and performance results, by key.</summary>
    public MonthFigures FiguresOf(string month)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginRead(connection);
        var reports = TrafficReports.Select(o => (o, month)).ToHashSet();
        var variance = Fields(Tables.Variance, ReadTable(connection, transaction, Tables.Variance, reports));
        var performance = Fields(Tables.Performance, ReadTable(connection, transaction, Tables.Performance, reports));
        transaction.Commit();
        return new MonthFigures(variance, performance);
    }

    private static List<IReadOnlyDictionary<string, string?>> Fields(Table table, List<StoredRow> rows) =>
        [.. rows.Select(r => (IReadOnlyDictionary<string, string?>)table.Columns.Select((c, i) => (c.Name, Value: r.Values[i])).ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal))];
}
