using NodaTime;
using NodaTime.Testing;
using Npgsql;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>
/// A fresh, empty store of one provider for one test. SQLite: a new file in a temporary folder.
/// PostgreSQL: a new database on the server named by SECPANEL_TEST_POSTGRES (a connection string
/// to a database the tests may create databases from), dropped afterwards. Without that variable
/// the PostgreSQL tests are skipped with a message saying so; CI sets it and fails on skips.
/// </summary>
public sealed class StoreFixture : IDisposable
{
    public const string PostgresVariable = "SECPANEL_TEST_POSTGRES";

    private readonly TempFolder folder = new();
    private readonly string? database;
    private readonly string? adminConnection;

    public StoreFixture(StoreKind kind)
    {
        Kind = kind;
        Clock = new FakeClock(Instant.FromUtc(2026, 11, 28, 9, 0), Duration.FromSeconds(1));
        if (kind == StoreKind.Sqlite)
        {
            var path = System.IO.Path.Combine(folder.Path, "store.db");
            Location = new StoreLocation(StoreKind.Sqlite, path, path);
            return;
        }

        adminConnection = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(adminConnection))
        {
            Assert.Skip($"PostgreSQL tests skipped: set {PostgresVariable} to a connection string (for example Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres); .ci/run does.");
        }

        database = "secpanel_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(adminConnection))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database };
        Location = new StoreLocation(StoreKind.Postgres, builder.ConnectionString, $"test database {database}");
    }

    public StoreKind Kind { get; }

    public StoreLocation Location { get; } = null!;

    public FakeClock Clock { get; }

    /// <summary>A folder for the test's own files.</summary>
    public string Folder => folder.Path;

    /// <summary>The store created with the shipped rules.</summary>
    public Store Init() => Store.Init(Location, Clock, Repo.Data, "tester");

    /// <summary>Another store location of the same provider (for copies and backups).</summary>
    public StoreLocation Another(string name)
    {
        if (Kind == StoreKind.Sqlite)
        {
            var path = System.IO.Path.Combine(folder.Path, name + ".db");
            return new StoreLocation(StoreKind.Sqlite, path, path);
        }

        var other = database + "_" + name;
        using (var connection = new NpgsqlConnection(adminConnection))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {other}", connection);
            command.ExecuteNonQuery();
        }

        extra.Add(other);
        return new StoreLocation(StoreKind.Postgres, new NpgsqlConnectionStringBuilder(adminConnection) { Database = other }.ConnectionString, other);
    }

    private readonly List<string> extra = [];

    public void Dispose()
    {
        if (database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(adminConnection);
            connection.Open();
            foreach (var name in extra.Append(database))
            {
                using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                command.ExecuteNonQuery();
            }
        }

        folder.Dispose();
    }
}

/// <summary>The providers every storage test runs against.</summary>
public static class Providers
{
    public static TheoryData<StoreKind> All => [StoreKind.Sqlite, StoreKind.Postgres];
}
