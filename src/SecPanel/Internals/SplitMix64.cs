namespace SecPanel.Internals;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a small pseudo-random generator whose output is fixed
/// by its published algorithm, so that a seed gives the same traffic or sample workspace on every .NET version
/// (System.Random's algorithm is not specified across versions). Not for security.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A whole number from 0 to <paramref name="bound"/> − 1 (Lemire's multiply-shift; the bias is below 2⁻³² for the bounds used here).</summary>
    public long Below(long bound) => bound <= 0
        ? throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.")
        : (long)(((UInt128)Next() * (ulong)bound) >> 64);

    /// <summary>True with probability <paramref name="perMillion"/> in a million.</summary>
    public bool Chance(long perMillion) => Below(1_000_000) < perMillion;

    /// <summary>An index into <paramref name="weights"/> drawn in proportion to them.</summary>
    public int Pick(ReadOnlySpan<int> weights)
    {
        var total = 0L;
        foreach (var w in weights)
        {
            total += w;
        }

        var r = Below(total);
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
