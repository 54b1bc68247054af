using System.Data.Common;
using Dapper;
using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

public sealed partial class Store
{
    /// <summary>
    /// Makes a consistent copy of the store while it is in use. A SQLite store is copied with
    /// <c>VACUUM INTO</c>; a PostgreSQL store is copied into a new SQLite file (the same tables,
    /// versions and audit trail), which opens as a store of its own.
    /// </summary>
    public void Backup(string file)
    {
        if (File.Exists(file))
        {
            throw new StoreException($"{file}: already exists; choose a new file for the backup");
        }

        if (provider.Location.Kind == StoreKind.Sqlite)
        {
            using var connection = provider.Open();
            connection.Execute("VACUUM INTO @file", new { file });
            return;
        }

        CopyTo(new StoreLocation(StoreKind.Sqlite, file, file));
    }

    /// <summary>
    /// Copies every record and the whole audit trail into <paramref name="target"/>, which must be
    /// a new or empty store (created here if need be): the way to move from SQLite to PostgreSQL
    /// and back. The source is read in one transaction, the target written in one.
    /// </summary>
    public void CopyTo(StoreLocation target)
    {
        var targetProvider = Provider.For(target);
        using var source = provider.Open();
        using var read = provider.BeginRead(source);
        using var connection = OpenOrThrow(targetProvider);
        Migrate(connection, targetProvider, clock);
        var nonEmpty = Tables.All.Where(t => connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{t.Name}\"") > 0).Select(t => t.Kind).ToList();
        if (nonEmpty.Count > 0 || connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"audit_log\"") > 0)
        {
            throw new StoreException($"{target.Display}: the target store is not empty ({string.Join(", ", nonEmpty)}); copy into a new store");
        }

        using var write = connection.BeginTransaction();
        foreach (var table in Tables.All)
        {
            var columns = table.Columns.Select(c => $"\"{c.Name}\"").Append("\"row_position\"").Append("\"row_version\"").ToList();
            using var insert = connection.CreateCommand();
            insert.Transaction = write;
            insert.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            for (var i = 0; i < columns.Count; i++)
            {
                Add(insert, $"@p{i}");
            }

            foreach (var row in ReadTable(source, read, table))
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    insert.Parameters[i].Value = targetProvider.Bind(table.Columns[i].Type, row.Values[i]) ?? DBNull.Value;
                }

                insert.Parameters[table.Columns.Count].Value = row.Position;
                insert.Parameters[table.Columns.Count + 1].Value = row.Version;
                insert.ExecuteNonQuery();
            }
        }

        CopyAudit(source, read, connection, write, targetProvider);
        write.Commit();
        read.Commit();
    }

    private static void CopyAudit(DbConnection source, DbTransaction read, DbConnection target, DbTransaction write, Provider targetProvider)
    {
        using var insert = target.CreateCommand();
        insert.Transaction = write;
        insert.CommandText = "INSERT INTO \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)";
        for (var i = 0; i < 7; i++)
        {
            Add(insert, $"@p{i}");
        }

        using var select = source.CreateCommand();
        select.Transaction = read;
        select.CommandText = "SELECT \"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\" FROM \"audit_log\" ORDER BY \"id\"";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            insert.Parameters[0].Value = targetProvider.BindInstant(Provider.ReadInstant(reader.GetValue(0)));
            for (var i = 1; i < 7; i++)
            {
                insert.Parameters[i].Value = reader.GetValue(i);
            }

            insert.ExecuteNonQuery();
        }
    }
}
