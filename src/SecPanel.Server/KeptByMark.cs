namespace SecPanel.Server;

/// <summary>
/// Values computed from the store, each kept with the store's change mark it was computed at:
/// while the mark is the same, nothing in the store has changed (every write, an account's
/// included, is in the audit trail), and neither has the value. Requests that miss together wait
/// for one computation rather than each making its own. The oldest entry makes room for a new one,
/// and a computation that fails is not kept.
/// </summary>
internal sealed class KeptByMark<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (long Mark, Lazy<TValue> Value)> entries = [];
    private readonly Queue<TKey> order = new();
    private readonly Lock gate = new();

    /// <summary>The value kept for <paramref name="key"/> at <paramref name="mark"/>, or the one <paramref name="compute"/> makes.</summary>
    public TValue Get(TKey key, long mark, Func<TValue> compute)
    {
        Lazy<TValue> value;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var kept) && kept.Mark == mark)
            {
                value = kept.Value;
            }
            else
            {
                if (!entries.ContainsKey(key))
                {
                    order.Enqueue(key);
                    if (order.Count > capacity)
                    {
                        entries.Remove(order.Dequeue());
                    }
                }

                value = new Lazy<TValue>(compute, LazyThreadSafetyMode.ExecutionAndPublication);
                entries[key] = (mark, value);
            }
        }

        try
        {
            return value.Value;
        }
        catch
        {
            // A failure (the database gone for a moment) is not kept: the next request tries again.
            lock (gate)
            {
                if (entries.TryGetValue(key, out var kept) && ReferenceEquals(kept.Value, value))
                {
                    entries.Remove(key);
                }
            }

            throw;
        }
    }
}
