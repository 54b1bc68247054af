using SecPanel.Internals;
using Xunit;

namespace SecPanel.Tests.Samples;

/// <summary>The random numbers of the traffic and sample generators.</summary>
public class SplitMix64Tests
{
    [Fact]
    public void SplitMix64_GivesThePublishedSequence()
    {
        // The reference outputs of SplitMix64 seeded with 1234567 (from the algorithm's C reference code):
        // fixing them fixes every generated month and workspace across .NET versions.
        var rng = new SplitMix64(1_234_567);
        Assert.Equal(6_457_827_717_110_365_317UL, rng.Next());
        Assert.Equal(3_203_168_211_198_807_973UL, rng.Next());
        Assert.Equal(9_817_491_932_198_370_423UL, rng.Next());
    }
}
