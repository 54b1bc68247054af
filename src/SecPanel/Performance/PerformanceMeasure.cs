namespace SecPanel.Performance;

/// <summary>
/// A service level the DCC reports each month: a Code Performance Measure (scope "Code") or a
/// service provider's measure (DSP, CSPN, CSPC, CSPS), with its Target and Minimum Service Level
/// in percent. Defaults live in <c>data/performance-measures.csv</c>.
/// </summary>
public sealed record PerformanceMeasure(string Key, string Scope, string Name, decimal Target, decimal Minimum)
{
    /// <summary>How a month's service level compares with this measure's levels.</summary>
    public ServiceLevelResult Judge(decimal? level) => level switch
    {
        null => ServiceLevelResult.NoData,
        { } l when l >= Target => ServiceLevelResult.TargetMet,
        { } l when l >= Minimum => ServiceLevelResult.BelowTarget,
        _ => ServiceLevelResult.BelowMinimum,
    };
}

/// <summary>A month's service level against a measure's Target and Minimum Service Levels.</summary>
public enum ServiceLevelResult
{
    /// <summary>At or above the Target Service Level.</summary>
    TargetMet,

    /// <summary>Below Target but at or above the Minimum Service Level.</summary>
    BelowTarget,

    /// <summary>Below the Minimum Service Level.</summary>
    BelowMinimum,

    /// <summary>No data for the month (nothing measured).</summary>
    NoData,
}

/// <summary>Keys of <see cref="ServiceLevelResult"/> in JSON and words in papers.</summary>
public static class ServiceLevelResults
{
    /// <summary>The JSON key, such as <c>below-target</c>.</summary>
    public static string Key(this ServiceLevelResult result) => result switch
    {
        ServiceLevelResult.TargetMet => "target-met",
        ServiceLevelResult.BelowTarget => "below-target",
        ServiceLevelResult.BelowMinimum => "below-minimum",
        _ => "no-data",
    };
}
