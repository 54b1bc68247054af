namespace SecPanel.Storage.Internals;

/// <summary>A stored row: canonical values in the table's column order, its file position and its version.</summary>
internal sealed record StoredRow(string?[] Values, long Position, long Version);

/// <summary>A row read from an import file: canonical values, and where it came from.</summary>
internal sealed record IncomingRow(string?[] Values, string File, int Line, long Position);

/// <summary>A change an import makes to one row.</summary>
internal sealed record Change(Table Table, string Action, string Key, string?[] KeyValues, StoredRow? Old, IncomingRow? New);

/// <summary>Helpers over rows of a table.</summary>
internal static class RowKeys
{
    /// <summary>The key values of <paramref name="values"/>, in key order.</summary>
    public static string[] KeyOf(Table table, string?[] values) =>
        [.. table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Key).Select(x => values[x.i] ?? string.Empty)];

    /// <summary>The key as one string, for dictionaries and the audit trail.</summary>
    public static string KeyText(Table table, string?[] values) => Table.KeyText(KeyOf(table, values));

    /// <summary>Orders rows by key, ordinally, so that every provider exports the same bytes.</summary>
    public static int CompareKeys(Table table, string?[] a, string?[] b)
    {
        var (ka, kb) = (KeyOf(table, a), KeyOf(table, b));
        for (var i = 0; i < ka.Length; i++)
        {
            var c = string.CompareOrdinal(ka[i], kb[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
