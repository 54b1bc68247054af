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
/// audit trail), so the answer has not either. A request then costs no more than the query that
/// checks its session, which reads the mark too; misses wait for one computation
/// (<see cref="KeptByMark{TKey, TValue}"/>).
/// </summary>
internal sealed class ReadCache(Store store)
{
    /// <summary>The most answers kept (a page of 500 records is about 300 KB).</summary>
    public const int Capacity = 256;

    private readonly KeptByMark<string, byte[]> kept = new(Capacity);

    /// <summary>A key part that tells apart what two callers may see: the same for callers who see the same.</summary>
    public static string KeyOf(Access access, bool readsRecords) =>
        $"{access.Clearance}|{(access.Committees is null ? "*" : string.Join(",", access.Committees.Order(StringComparer.Ordinal)))}|{readsRecords}";

    /// <summary>The answer kept for <paramref name="key"/> while the store is unchanged, or the one <paramref name="compute"/> makes.</summary>
    public IResult Get(HttpContext context, string key, Func<object> compute)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var json = kept.Get(key, SecPanelServer.ChangeMark(context, store), () => JsonSerializer.SerializeToUtf8Bytes(compute(), options));
        return Results.Bytes(json, "application/json; charset=utf-8");
    }
}
