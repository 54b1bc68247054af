namespace SecPanel.Samples;

/// <summary>
/// The sample generator's random numbers: <see cref="Internals.SplitMix64"/>, whole numbers
/// only, so that a seed gives the same workspace on every machine and every .NET version (neither
/// is promised for <see cref="Random"/>, nor for floating-point functions such as
/// <see cref="Math.Exp"/>).
/// </summary>
internal sealed class SampleRandom(ulong seed)
{
    private readonly Internals.SplitMix64 bits = new(seed);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits() => bits.Next();

    /// <summary>A whole number from 0 to <paramref name="count"/> − 1 (the bias of taking the remainder is below 2⁻³⁰ for the counts used here).</summary>
    public int Next(int count) => (int)(NextBits() % (ulong)count);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public long Between(long min, long max) => min + (long)(NextBits() % (ulong)(max - min + 1));

    /// <summary>True with a chance of <paramref name="perMille"/> in a thousand.</summary>
    public bool PerMille(int perMille) => Next(1000) < perMille;

    /// <summary>One of <paramref name="items"/>, each as likely.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
