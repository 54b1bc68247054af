using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace SecPanel.Storage.Internals;

/// <summary>
/// What differs between the databases: opening a connection, the migration scripts, and how a
/// value of each <see cref="ColumnType"/> is bound and read. All SQL is otherwise shared.
/// Values move through the store as canonical text (see <see cref="Canonical"/>).
/// </summary>
internal abstract class Provider(StoreLocation location)
{
    public StoreLocation Location { get; } = location;

    /// <summary>The folder of this provider's migration scripts among the embedded resources.</summary>
    public abstract string MigrationFolder { get; }

    public abstract DbConnection Open();

    /// <summary>An expression ordering a key column by its canonical text, byte by byte (see <see cref="RowKeys.CompareKeys"/>).</summary>
    public abstract string OrderByText(Column column);

    /// <summary>A query of the catalogue giving 1 when a table named <c>@name</c> exists, else 0.</summary>
    public abstract string TableExists { get; }

    /// <summary>A transaction that reads one consistent state of the store without blocking writers.</summary>
    public abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>
    /// A transaction that holds the store's write lock from its start until it ends, so that what
    /// it reads (an import's validation) is what it writes over: writers run one at a time, and
    /// readers are not blocked. Waits for a writer that holds the lock.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>How long a writer waits for another to finish before giving up.</summary>
    protected const int WaitSeconds = 600;

    protected StoreException Busy(Exception e) =>
        new($"{Location.Display}: the store is busy: another import has been writing to it for over {WaitSeconds / 60} minutes; nothing was written: run this one again when it has finished", e);

    /// <summary>The value to bind for canonical <paramref name="text"/> of <paramref name="type"/>; null binds NULL.</summary>
    public abstract object? Bind(ColumnType type, string? text);

    /// <summary>
    /// Writes new records and their audit entries in bulk, inside the connection's open
    /// transaction, calling <paramref name="progress"/> with counts written; false when this
    /// provider writes row by row instead (nothing is then written).
    /// </summary>
    public virtual bool TryBulkInsert(DbConnection connection, DbTransaction transaction, Table table, IReadOnlyList<Change> inserts, string actor, Instant at, Action<int> progress) => false;

    /// <summary>Closes the pooled connections a server kept open, when it stops.</summary>
    public virtual void ReleasePool()
    {
    }

    /// <summary>The audit time to bind.</summary>
    public abstract object BindInstant(Instant instant);

    /// <summary>Adds a parameter named <paramref name="name"/> to <paramref name="command"/>, bound to <paramref name="value"/> (set later when null).</summary>
    public static void AddParameter(DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Writes <paramref name="rows"/> (a copy's, with their positions and versions) into an empty <paramref name="table"/>, in the open transaction.</summary>
    public virtual void WriteRows(DbConnection connection, DbTransaction transaction, Table table, IEnumerable<StoredRow> rows)
    {
        var columns = table.Columns.Select(c => $"\"{c.Name}\"").Append("\"row_position\"").Append("\"row_version\"").ToList();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        for (var i = 0; i < columns.Count; i++)
        {
            AddParameter(insert, $"@p{i}");
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                insert.Parameters[i].Value = Bind(table.Columns[i].Type, row.Values[i]) ?? DBNull.Value;
            }

            insert.Parameters[table.Columns.Count].Value = row.Position;
            insert.Parameters[table.Columns.Count + 1].Value = row.Version;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Appends <paramref name="entries"/> (a copy's) to the audit trail, in the open transaction.</summary>
    public virtual void WriteAudit(DbConnection connection, DbTransaction transaction, IEnumerable<AuditEntry> entries)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)";
        for (var i = 0; i < 7; i++)
        {
            AddParameter(insert, $"@p{i}");
        }

        foreach (var entry in entries)
        {
            insert.Parameters[0].Value = BindInstant(entry.At);
            insert.Parameters[1].Value = entry.Actor;
            insert.Parameters[2].Value = entry.Kind;
            insert.Parameters[3].Value = entry.Key;
            insert.Parameters[4].Value = entry.Action;
            insert.Parameters[5].Value = (object?)entry.OldValue ?? DBNull.Value;
            insert.Parameters[6].Value = (object?)entry.NewValue ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The audit time read back.</summary>
    public static Instant ReadInstant(object value) => value switch
    {
        DateTime d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => Instant.FromDateTimeOffset(o),
        string s => InstantPattern.ExtendedIso.Parse(s).Value,
        _ => throw new InvalidOperationException($"unexpected audit time {value.GetType()}"),
    };

    public static Provider For(StoreLocation location) => location.Kind == StoreKind.Sqlite
        ? new SqliteProvider(location)
        : new PostgresProvider(location);
}

internal sealed class SqliteProvider(StoreLocation location) : Provider(location)
{
    private const int BusySeconds = WaitSeconds;

    public override string MigrationFolder => "sqlite";

    public override string TableExists => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";

    // Dates are kept as their canonical text; BINARY compares the UTF-8 bytes.
    public override string OrderByText(Column column) => column.Type == ColumnType.Integer ? $"CAST(\"{column.Name}\" AS TEXT)" : $"\"{column.Name}\"";

    public override DbConnection Open()
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Location.ConnectionString,
            ForeignKeys = true,
            Pooling = Location.Pooled,
            DefaultTimeout = BusySeconds,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();

        // WAL lets readers (a backup, an assessment) run while an import writes; the busy timeout
        // makes a second writer wait for the first instead of failing at once. A page cache of up
        // to 64 MiB (SQLite's default is 2 MiB) keeps the indexes a big import writes in memory.
        command.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {BusySeconds * 1000}; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;";
        command.ExecuteNonQuery();
        return connection;
    }

    // A deferred transaction in WAL mode reads one snapshot and takes no write lock.
    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    // BEGIN IMMEDIATE: the write lock is taken before the first read; a second writer waits (up to
    // the busy timeout) for it, and WAL readers go on reading the last committed state.
    public override DbTransaction BeginWrite(DbConnection connection)
    {
        try
        {
            return ((SqliteConnection)connection).BeginTransaction(deferred: false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 5)
        {
            throw Busy(e);
        }
    }

    public override object? Bind(ColumnType type, string? text) => text is null ? null : type switch
    {
        ColumnType.Integer => long.Parse(text, CultureInfo.InvariantCulture),

        // SQLite has no exact decimal: canonical decimal text is kept as TEXT, exactly.
        _ => text,
    };

    public override object BindInstant(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    // Idle pooled connections are closed (those in use close when they are given back).
    public override void ReleasePool() => SqliteConnection.ClearAllPools();
}

internal sealed class PostgresProvider(StoreLocation location) : Provider(location)
{
    public override string MigrationFolder => "postgres";

    public override string TableExists => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name";

    // A date's text is its ISO form (YYYY-MM-DD), as its canonical text is; "C" compares bytes.
    public override string OrderByText(Column column) => column.Type == ColumnType.Text ? $"\"{column.Name}\" COLLATE \"C\"" : $"(\"{column.Name}\"::text) COLLATE \"C\"";

    public override DbConnection Open()
    {
        // Automatic preparation gives repeated statements (an import's inserts) server-side plans.
        // Error details (which key a constraint refused) are the user's own data: show them.
        var builder = new NpgsqlConnectionStringBuilder(Location.ConnectionString) { MaxAutoPrepare = 32, AutoPrepareMinUsages = 2, IncludeErrorDetail = true };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }

    public override DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);

    /// <summary>The transaction-level advisory lock every SecPanel writer of a PostgreSQL store takes first.</summary>
    public const long WriteLock = 0x5EC9A4E1;

    // READ COMMITTED after the lock: each statement sees everything committed before it, so the
    // reads that follow the lock see the last writer's commit (a REPEATABLE READ snapshot would be
    // taken by the lock statement itself, before the wait). The lock ends with the transaction.
    public override DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = connection.BeginTransaction(System.Data.IsolationLevel.ReadCommitted);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SET LOCAL lock_timeout = '{WaitSeconds}s'; SELECT pg_advisory_xact_lock({WriteLock})";
        command.CommandTimeout = 0;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            transaction.Dispose();
            throw Busy(e);
        }

        return transaction;
    }

    public override object? Bind(ColumnType type, string? text) => text is null ? null : type switch
    {
        ColumnType.Integer => long.Parse(text, CultureInfo.InvariantCulture),
        ColumnType.Decimal => decimal.Parse(text, CultureInfo.InvariantCulture),
        ColumnType.Date => LocalDatePattern.Iso.Parse(text).Value.ToDateOnly(),
        ColumnType.DateTime => Canonical.DateTimePattern.Parse(text).Value.ToDateTimeUnspecified(),
        _ => text,
    };

    public override object BindInstant(Instant instant) => instant.ToDateTimeUtc();

    public override bool TryBulkInsert(DbConnection connection, DbTransaction transaction, Table table, IReadOnlyList<Change> inserts, string actor, Instant at, Action<int> progress)
    {
        var npgsql = (NpgsqlConnection)connection;

        // A record that someone inserted meanwhile (by hand: SecPanel's writers take the lock)
        // fails the whole COPY, which cannot say which of its rows it was: the savepoint lets the
        // row-by-row path find it, so that the refusal names the record and its line.
        using (var savepoint = npgsql.CreateCommand())
        {
            savepoint.CommandText = "SAVEPOINT bulk_insert";
            savepoint.ExecuteNonQuery();
        }

        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\"").Append("\"row_position\"").Append("\"row_version\""));
        try
        {
            using (var importer = npgsql.BeginBinaryImport($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var change in inserts)
                {
                    importer.StartRow();
                    for (var i = 0; i < table.Columns.Count; i++)
                    {
                        var type = table.Columns[i].Type;
                        if (Bind(type, change.New!.Values[i]) is { } value)
                        {
                            importer.Write(value, TypeName(type));
                        }
                        else
                        {
                            importer.WriteNull();
                        }
                    }

                    importer.Write(change.New!.Position, "bigint");
                    importer.Write(1L, "bigint");
                }

                importer.Complete();
            }

            // No copy of the values: they are the record's (see Store.History).
            using var audit = npgsql.BeginBinaryImport("COPY \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\") FROM STDIN (FORMAT BINARY)");
            var time = at.ToDateTimeUtc();
            var written = 0;
            foreach (var change in inserts)
            {
                audit.StartRow();
                audit.Write(time, "timestamptz");
                audit.Write(actor, "text");
                audit.Write(table.Kind, "text");
                audit.Write(change.Key, "text");
                audit.Write("insert", "text");
                if (++written % 10_000 == 0)
                {
                    progress(10_000);
                }
            }

            audit.Complete();
            progress(written % 10_000);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            using var rollback = npgsql.CreateCommand();
            rollback.CommandText = "ROLLBACK TO SAVEPOINT bulk_insert";
            rollback.ExecuteNonQuery();
            return false;
        }
    }

    // A copy into PostgreSQL goes by COPY, as an import's new records do: a statement a row, each
    // waiting for the server's reply, made a copy of a year's figures take minutes.
    public override void WriteRows(DbConnection connection, DbTransaction transaction, Table table, IEnumerable<StoredRow> rows)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\"").Append("\"row_position\"").Append("\"row_version\""));
        using var importer = ((NpgsqlConnection)connection).BeginBinaryImport($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var type = table.Columns[i].Type;
                if (Bind(type, row.Values[i]) is { } value)
                {
                    importer.Write(value, TypeName(type));
                }
                else
                {
                    importer.WriteNull();
                }
            }

            importer.Write(row.Position, "bigint");
            importer.Write(row.Version, "bigint");
        }

        importer.Complete();
    }

    public override void WriteAudit(DbConnection connection, DbTransaction transaction, IEnumerable<AuditEntry> entries)
    {
        using var importer = ((NpgsqlConnection)connection).BeginBinaryImport("COPY \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\") FROM STDIN (FORMAT BINARY)");
        foreach (var entry in entries)
        {
            importer.StartRow();
            importer.Write(entry.At.ToDateTimeUtc(), "timestamptz");
            importer.Write(entry.Actor, "text");
            importer.Write(entry.Kind, "text");
            importer.Write(entry.Key, "text");
            importer.Write(entry.Action, "text");
            foreach (var value in new[] { entry.OldValue, entry.NewValue })
            {
                if (value is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(value, "text");
                }
            }
        }

        importer.Complete();
    }

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Integer => "bigint",
        ColumnType.Decimal => "numeric",
        ColumnType.Date => "date",
        ColumnType.DateTime => "timestamp",
        _ => "text",
    };
}

/// <summary>
/// The canonical text of stored values: what is compared to tell a change from a re-import,
/// written to the audit trail and exported. Counts without leading zeros, decimals without
/// trailing zeros, dates <c>YYYY-MM-DD</c>, times <c>YYYY-MM-DDTHH:MM</c>; empty is null.
/// Text that does not parse as its type is kept as it is (validation reports it).
/// </summary>
internal static class Canonical
{
    public static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    private static readonly LocalDateTimePattern SqliteDateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss");

    /// <summary>The canonical form of a value written in a CSV file.</summary>
    public static string? FromText(ColumnType type, string text, bool key)
    {
        if (text.Length == 0)
        {
            return key ? string.Empty : null;
        }

        return type switch
        {
            ColumnType.Integer when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n.ToString(CultureInfo.InvariantCulture),
            // Only when the decimal holds the value exactly: one with more digits than a decimal keeps
            // is left as written, so that validation sees it (and refuses it) rather than its rounding.
            ColumnType.Decimal when decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && Decimal(d) == Plain(text) => Decimal(d),
            _ => text,
        };
    }

    /// <summary>Whether <paramref name="text"/> is a value of <paramref name="type"/> that a provider can bind.</summary>
    public static bool IsValid(ColumnType type, string text) => type switch
    {
        ColumnType.Integer => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        ColumnType.Decimal => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
        ColumnType.Date => LocalDatePattern.Iso.Parse(text).Success,
        ColumnType.DateTime => DateTimePattern.Parse(text).Success,
        _ => true,
    };

    /// <summary>The canonical form of a value read from a database.</summary>
    public static string? FromDatabase(ColumnType type, object? value) => value switch
    {
        null or DBNull => null,
        long n => n.ToString(CultureInfo.InvariantCulture),
        int n => n.ToString(CultureInfo.InvariantCulture),
        decimal d => Decimal(d),
        DateOnly d => LocalDate.FromDateOnly(d).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
        DateTime t when type == ColumnType.Date => LocalDate.FromDateTime(t).ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => DateTimePattern.Format(LocalDateTime.FromDateTime(t)),
        string s when type == ColumnType.DateTime && SqliteDateTime.Parse(s) is { Success: true } p => DateTimePattern.Format(p.Value),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string Decimal(decimal d) => d.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>A decimal written without leading zeros before its point or trailing zeros after it: "099.50" is "99.5".</summary>
    private static string Plain(string text)
    {
        var plain = text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
        plain = plain.TrimStart('0');
        return plain.Length == 0 || plain[0] == '.' ? "0" + plain : plain;
    }
}
