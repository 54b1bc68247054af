using Npgsql;

namespace SecPanel.Storage;

/// <summary>Which database a store lives in.</summary>
public enum StoreKind
{
    /// <summary>A single SQLite file: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database on a shared server.</summary>
    Postgres,
}

/// <summary>
/// Where a store is: a SQLite file path, or a PostgreSQL connection string
/// (<c>Host=...;Database=...</c>) or URL (<c>postgres://user:password@host:port/database</c>).
/// </summary>
public sealed record StoreLocation(StoreKind Kind, string ConnectionString, string Display)
{
    /// <summary>
    /// Whether SQLite connections are pooled (kept open between uses). A server, which opens a
    /// connection for every request, wants them; a command, which runs once and may have its file
    /// renamed or removed afterwards (a backup's), does not. PostgreSQL connections are always pooled.
    /// </summary>
    public bool Pooled { get; init; }

    /// <summary>The environment variable naming the store when <c>--db</c> is not given.</summary>
    public const string Variable = "SECPANEL_DB";

    /// <summary>The SQLite file used when neither <c>--db</c> nor <see cref="Variable"/> is given.</summary>
    public const string DefaultPath = "secpanel.db";

    /// <summary>Reads a <c>--db</c> value; on failure <paramref name="error"/> says why.</summary>
    public static StoreLocation? Parse(string text, out string error)
    {
        error = string.Empty;
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.AbsolutePath.Trim('/').Length == 0)
            {
                error = $"'{Redact(text)}' is not a PostgreSQL URL of the form postgres://user:password@host:port/database";
                return null;
            }

            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')),
            };
            var user = uri.UserInfo.Split(':', 2);
            if (user[0].Length > 0)
            {
                builder.Username = Uri.UnescapeDataString(user[0]);
            }

            if (user.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(user[1]);
            }

            return new StoreLocation(StoreKind.Postgres, builder.ConnectionString, Redact(text));
        }

        if (text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(text);
                return new StoreLocation(StoreKind.Postgres, builder.ConnectionString, $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}");
            }
            catch (ArgumentException e)
            {
                error = $"not a PostgreSQL connection string: {e.Message}";
                return null;
            }
        }

        return new StoreLocation(StoreKind.Sqlite, text, text);
    }

    /// <summary>The location from <paramref name="option"/>, else <see cref="Variable"/>, else <see cref="DefaultPath"/>.</summary>
    public static StoreLocation? Resolve(string? option, out string error) =>
        Parse(option ?? Environment.GetEnvironmentVariable(Variable) ?? DefaultPath, out error);

    private static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var colon = url.IndexOf(':', url.IndexOf("//", StringComparison.Ordinal) + 2);
        return at > 0 && colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}
