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

    /// <summary>
    /// Orders rows by key, part by part, by Unicode code point: the order of UTF-8 bytes, in which
    /// both databases sort text (SQLite's BINARY, PostgreSQL's "C"), so that an export streamed
    /// in the database's order and a store read whole give the same rows in the same order.
    /// </summary>
    public static int CompareKeys(string[] ka, string[] kb)
    {
        for (var i = 0; i < ka.Length; i++)
        {
            var c = CompareCodePoints(ka[i], kb[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>Compares by code point: as ordinal, except that a surrogate pair (a code point above U+FFFF) comes after U+E000 to U+FFFF.</summary>
    public static int CompareCodePoints(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return Fixed(a[i]) - Fixed(b[i]);
            }
        }

        return a.Length - b.Length;

        static int Fixed(char c) => c >= 0xD800 ? (c <= 0xDFFF ? c + 0x2000 : c - 0x800) : c;
    }
}
