using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

public sealed partial class Store
{
    /// <summary>
    /// Makes a consistent copy of the store while it is in use. A SQLite store is copied with
    /// <c>VACUUM INTO</c>; a PostgreSQL store is copied into a new SQLite file (the same tables,
    /// versions and audit trail), which opens as a store of its own. The file is written under a
    /// temporary name beside <paramref name="file"/> and renamed into place only when complete, so
    /// a backup that is killed leaves nothing at <paramref name="file"/>.
    /// </summary>
    public void Backup(string file)
    {
        if (File.Exists(file) || Directory.Exists(file))
        {
            throw new StoreException($"{file}: already exists; choose a new file for the backup");
        }

        if (provider.Location.Kind == StoreKind.Sqlite)
        {
            WriteThenRename(file, temporary =>
            {
                using var connection = provider.Open();
                connection.Execute("VACUUM INTO @file", new { file = temporary });
            });
            return;
        }

        CopyTo(new StoreLocation(StoreKind.Sqlite, file, file));
    }

    /// <summary>
    /// Copies every record and the whole audit trail into <paramref name="target"/>, which must be
    /// a new or empty store (created here if need be): the way to move from SQLite to PostgreSQL
    /// and back. The source is read in one transaction; the target is written in one (its schema
    /// included), and a new SQLite file under a temporary name, so that a copy that fails or is
    /// killed leaves no store that looks complete.
    /// </summary>
    public void CopyTo(StoreLocation target)
    {
        if (target.Kind == StoreKind.Sqlite && !File.Exists(target.ConnectionString))
        {
            WriteThenRename(target.ConnectionString, temporary => CopyInto(new StoreLocation(StoreKind.Sqlite, temporary, target.Display)));
            return;
        }

        CopyInto(target);
    }

    private void CopyInto(StoreLocation target)
    {
        var targetProvider = Provider.For(target);
        using var source = provider.Open();
        using var read = provider.BeginRead(source);
        using var connection = OpenOrThrow(targetProvider);
        using var write = targetProvider.BeginWrite(connection);
        Migrate(connection, write, targetProvider, clock);
        var nonEmpty = Tables.All.Where(t => connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{t.Name}\"", transaction: write) > 0).Select(t => t.Kind).ToList();
        nonEmpty.AddRange(ServerTables.Select(t => t.Table).Where(t => connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{t}\"", transaction: write) > 0));
        if (nonEmpty.Count > 0 || connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"audit_log\"", transaction: write) > 0)
        {
            throw new StoreException($"{target.Display}: the target store is not empty ({string.Join(", ", nonEmpty)}); copy into a new store");
        }

        foreach (var table in Tables.All)
        {
            targetProvider.WriteRows(connection, write, table, ReadTable(source, read, table));
        }

        targetProvider.WriteAudit(connection, write, AuditRows(source, read));
        foreach (var (table, columns) in ServerTables)
        {
            CopyServerTable(source, read, connection, write, table, columns);
        }

        write.Commit();
        read.Commit();
    }

    /// <summary>
    /// Has <paramref name="write"/> make a SQLite file under a hidden temporary name beside
    /// <paramref name="file"/>, then renames it to <paramref name="file"/>; the temporary file is
    /// removed if anything fails. A run killed part way leaves only the hidden
    /// <c>.NAME.incomplete-*</c> file, never a file at <paramref name="file"/>.
    /// </summary>
    private static void WriteThenRename(string file, Action<string> write)
    {
        var full = Path.GetFullPath(file);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.incomplete-{Guid.NewGuid():N}");
        try
        {
            write(temporary);
            SqliteConnection.ClearAllPools();
            File.Move(temporary, full, overwrite: false);
        }
        catch (IOException e) when (File.Exists(full))
        {
            throw new StoreException($"{file}: already exists (made while this copy was written); nothing was written there", e);
        }
        finally
        {
            foreach (var leftover in new[] { temporary, temporary + "-wal", temporary + "-shm", temporary + "-journal" })
            {
                File.Delete(leftover);
            }
        }
    }

    /// <summary>The server's tables (schema 7), the traffic notices (schema 10) and outlooks (schema 11), the calendar feeds (schema 12) and the reminders sent (schema 13), parents first, each with the columns a copy carries (a log entry's id is the target's own, in the same order).</summary>
    private static readonly (string Table, string[] Columns)[] ServerTables =
    [
        ("accounts", ["name", "role", "clearance", "committees", "password_hash", "disabled", "failed_sign_ins", "locked_until", "stamp", "created_at", "row_version"]),
        ("api_tokens", ["id", "account", "secret_hash", "expires", "revoked", "created_at"]),
        ("calendar_feeds", ["id", "account", "secret_hash", "committee", "revoked", "created_at"]),
        ("server_keys", ["name", "xml"]),
        ("server_log", ["at", "actor", "event", "detail"]),
        ("traffic_notices", ["user", "allocation_per_minute", "reaches", "file", "sent_to", "sent_at", "recorded_at"]),
        ("reminders", ["reminder", "recipient", "message_id", "state", "attempts", "last_error", "recorded_at", "sent_at"]),
        ("traffic_outlooks", ["committee", "meeting_date", "item", "day", "service", "confidence", "peak", "storm", "expected", "lower", "upper", "threshold", "capacity"]),
    ];

    /// <summary>Copies one of the server's tables, row by row (they hold a few thousand rows at most), in the order the source wrote them.</summary>
    private static void CopyServerTable(DbConnection source, DbTransaction read, DbConnection target, DbTransaction write, string table, string[] columns)
    {
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        using var select = source.CreateCommand();
        select.Transaction = read;
        select.CommandText = $"SELECT {list} FROM \"{table}\" ORDER BY {(table == "server_log" ? "\"id\"" : $"\"{columns[0]}\"")}";
        using var insert = target.CreateCommand();
        insert.Transaction = write;
        insert.CommandText = $"INSERT INTO \"{table}\" ({list}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            Provider.AddParameter(insert, $"@p{i}");
        }

        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            for (var i = 0; i < columns.Length; i++)
            {
                // Integers come back as long from SQLite and int or long from PostgreSQL; the target takes a long.
                insert.Parameters[i].Value = reader.GetValue(i) switch
                {
                    int n => (long)n,
                    var value => value,
                };
            }

            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The whole audit trail as <paramref name="read"/> sees it, oldest first, read as it is written.</summary>
    private static IEnumerable<AuditEntry> AuditRows(DbConnection source, DbTransaction read)
    {
        using var select = source.CreateCommand();
        select.Transaction = read;
        select.CommandText = "SELECT \"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\" FROM \"audit_log\" ORDER BY \"id\"";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            yield return new AuditEntry(Provider.ReadInstant(reader.GetValue(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }
    }
}
