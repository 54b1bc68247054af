namespace SecPanel.Storage.Internals;

/// <summary>A stored row: canonical values in the table's column order, its key (computed once), its file position and its version.</summary>
internal sealed record StoredRow(string?[] Values, string[] KeyParts, string Key, long Position, long Version)
{
    public static StoredRow Of(Table table, string?[] values, long position, long version)
    {
        var parts = RowKeys.KeyOf(table, values);
        return new StoredRow(values, parts, Table.KeyText(parts), position, version);
    }
}

/// <summary>A row read from an import file: canonical values, its key (computed once), and where it came from.</summary>
internal sealed record IncomingRow(string?[] Values, string Key, string File, int Line, long Position);

/// <summary>A change an import makes to one row.</summary>
internal sealed record Change(Table Table, string Action, string Key, StoredRow? Old, IncomingRow? New);

/// <summary>Helpers over rows of a table.</summary>
internal static class RowKeys
{
    /// <summary>The key values of <paramref name="values"/>, in key order.</summary>
    public static string[] KeyOf(Table table, string?[] values)
    {
        var indexes = table.KeyIndexes;
        var key = new string[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            key[i] = values[indexes[i]] ?? string.Empty;
        }

        return key;
    }

    /// <summary>The key as one string, for dictionaries and the audit trail.</summary>
    public static string KeyText(Table table, string?[] values) => Table.KeyText(KeyOf(table, values));

    /// <summary>Orders rows by key, part by part, ordinally, so that every provider exports the same bytes.</summary>
    public static int CompareKeys(string[] ka, string[] kb)
    {
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
