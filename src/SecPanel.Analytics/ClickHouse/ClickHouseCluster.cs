using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace SecPanel.Analytics.ClickHouse;

/// <summary>What a ClickHouse server refused, or that it could not be reached: which shard, and what it said.</summary>
public sealed class ClickHouseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The shards of a ClickHouse cluster, spoken to over ClickHouse's HTTP interface with explicit
/// formats (TabSeparated), which every release since 18.16 (Debian's) answers the same way: the one
/// small adapter between SecPanel and the engine. Each call is to one shard; a shard that is down
/// or answers an error is a <see cref="ClickHouseException"/> naming it, never an empty answer.
/// </summary>
public sealed class ClickHouseCluster : IDisposable
{
    /// <summary>The oldest release SecPanel's SQL is written for: Debian's.</summary>
    public static readonly Version Oldest = new(18, 16);

    private readonly HttpClient http;

    /// <summary>A cluster of the shards at <paramref name="shards"/> (<c>http://host:8123</c>), the first first.</summary>
    public ClickHouseCluster(IReadOnlyList<Uri> shards, string database = "default", HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            throw new ArgumentException("a cluster has at least one shard", nameof(shards));
        }

        Shards = shards;
        Database = database;
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = TimeSpan.FromMinutes(30);
    }

    /// <summary>The shards' HTTP addresses, in the order given.</summary>
    public IReadOnlyList<Uri> Shards { get; }

    /// <summary>The database the tables are in.</summary>
    public string Database { get; }

    /// <summary>
    /// Parses <c>URL[,URL...]</c>: each an <c>http://</c> address of a shard's HTTP interface; null,
    /// with <paramref name="error"/>, when one is not.
    /// </summary>
    public static IReadOnlyList<Uri>? ParseShards(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shards = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
            {
                error = $"'{part}' is not the address of a ClickHouse server's HTTP interface, such as http://127.0.0.1:8123";
                return null;
            }

            if (shards.Contains(uri))
            {
                error = $"'{part}' is given twice; each shard once";
                return null;
            }

            shards.Add(uri);
        }

        error = null;
        return shards;
    }

    /// <summary>Runs <paramref name="sql"/> (DDL, or a query with its FORMAT) on shard <paramref name="shard"/> and gives the answer's text.</summary>
    public string Query(int shard, string sql) => Send(shard, sql, null);

    /// <summary>The rows of a query's TabSeparated answer, each value unescaped.</summary>
    public IReadOnlyList<string[]> Rows(int shard, string sql) =>
        [.. Query(shard, sql + " FORMAT TabSeparated").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t').Select(Unescape).ToArray())];

    /// <summary>Inserts the TabSeparated rows of <paramref name="rows"/> into <paramref name="table"/> on shard <paramref name="shard"/>.</summary>
    public void Insert(int shard, string table, byte[] rows, int length)
    {
        using var content = new ByteArrayContent(rows, 0, length);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/tab-separated-values");
        Send(shard, $"INSERT INTO {table} FORMAT TabSeparated", content);
    }

    /// <summary>The server's release, refused (with a message) when older than <see cref="Oldest"/>.</summary>
    public Version Release(int shard)
    {
        var text = Query(shard, "SELECT version() FORMAT TabSeparated").Trim();
        var parts = text.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var major) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minor))
        {
            throw new ClickHouseException($"{Shards[shard]}: answers version '{text}', which is not a ClickHouse release number");
        }

        var release = new Version(major, minor);
        return release < Oldest
            ? throw new ClickHouseException($"{Shards[shard]}: ClickHouse {text} is older than {Oldest.Major}.{Oldest.Minor}, the oldest release SecPanel's SQL is written for")
            : release;
    }

    /// <summary>A value written into a TabSeparated row: backslash, tab and line breaks escaped.</summary>
    public static void Escape(StringBuilder row, ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => row.Append("\\\\"),
                '\t' => row.Append("\\t"),
                '\n' => row.Append("\\n"),
                '\r' => row.Append("\\r"),
                _ => row.Append(c),
            };
        }
    }

    /// <summary>A SQL string literal of <paramref name="value"/>.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    /// <summary>Lets go of the HTTP connections.</summary>
    public void Dispose() => http.Dispose();

    /// <summary>A TabSeparated value as ClickHouse writes it, its escapes undone (\t, \n, \r, \b, \f, \0, and a backslash before any other character, such as \' or \\).</summary>
    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i == value.Length - 1)
            {
                text.Append(value[i]);
                continue;
            }

            i++;
            text.Append(value[i] switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                'b' => '\b',
                'f' => '\f',
                '0' => '\0',
                var other => other,
            });
        }

        return text.ToString();
    }

    private string Send(int shard, string sql, HttpContent? body)
    {
        var address = new Uri(Shards[shard], $"?database={Uri.EscapeDataString(Database)}" + (body is null ? string.Empty : $"&query={Uri.EscapeDataString(sql)}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = body ?? new StringContent(sql, Encoding.UTF8, "text/plain") };
        HttpResponseMessage response;
        try
        {
            response = http.Send(request);
        }
        catch (HttpRequestException e)
        {
            throw new ClickHouseException($"{Shards[shard]}: cannot be reached ({e.Message}); is the shard down?", e);
        }
        catch (TaskCanceledException e)
        {
            throw new ClickHouseException($"{Shards[shard]}: did not answer in {http.Timeout.TotalMinutes:0} minutes", e);
        }

        using (response)
        {
            using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
            var text = reader.ReadToEnd();
            if (!response.IsSuccessStatusCode)
            {
                var said = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? response.ReasonPhrase ?? "no reason given";
                throw new ClickHouseException($"{Shards[shard]}: refused ({(int)response.StatusCode}): {said}");
            }

            return text;
        }
    }
}
