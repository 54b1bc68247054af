using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>
/// Answers of the read routes (the dashboard, lists of records) as the JSON sent, each kept with
/// the store's change mark it was computed at and the access it was computed for: while the mark
/// is the same, nothing in the store has changed (every write, an account's included, is in the
/// audit trail), so the answer has not either. A request then costs one query, for the mark.
/// Requests that miss together wait for one computation. The oldest entry makes room for a new one.
/// </summary>
internal sealed class ReadCache(Store store)
{
    /// <summary>The most answers kept (a page of 500 records is about 300 KB).</summary>
    public const int Capacity = 256;

    private readonly Dictionary<string, (long Mark, Lazy<byte[]> Json)> entries = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    /// <summary>A key part that tells apart what two callers may see: the same for callers who see the same.</summary>
    public static string KeyOf(Access access, bool readsRecords) =>
        $"{access.Clearance}|{(access.Committees is null ? "*" : string.Join(",", access.Committees.Order(StringComparer.Ordinal)))}|{readsRecords}";

    /// <summary>The answer kept for <paramref name="key"/> while the store is unchanged, or the one <paramref name="compute"/> makes.</summary>
    public IResult Get(HttpContext context, string key, Func<object> compute)
    {
        var mark = SecPanelServer.ChangeMark(context, store);
        Lazy<byte[]> json;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var kept) && kept.Mark == mark)
            {
                json = kept.Json;
            }
            else
            {
                if (!entries.ContainsKey(key))
                {
                    order.Enqueue(key);
                    if (order.Count > Capacity)
                    {
                        entries.Remove(order.Dequeue());
                    }
                }

                var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
                json = new Lazy<byte[]>(() => JsonSerializer.SerializeToUtf8Bytes(compute(), options), LazyThreadSafetyMode.ExecutionAndPublication);
                entries[key] = (mark, json);
            }
        }

        try
        {
            return Results.Bytes(json.Value, "application/json; charset=utf-8");
        }
        catch
        {
            // A failure (the database gone for a moment) is not kept: the next request tries again.
            lock (gate)
            {
                if (entries.TryGetValue(key, out var kept) && ReferenceEquals(kept.Json, json))
                {
                    entries.Remove(key);
                }
            }

            throw;
        }
    }
}
