using System.Buffers;

namespace SecPanel.Problems;

/// <summary>
/// The invisible Unicode controls that change the direction text is shown in: the embedding,
/// override and isolate controls (U+202A to U+202E, U+2066 to U+2069) and the direction marks
/// (U+200E, U+200F, U+061C). A right-to-left override makes "devorppA" show as "Approved", so the
/// readers refuse them in every value and the paper's writers drop any that reach them.
/// </summary>
public static class DirectionControls
{
    /// <summary>The characters.</summary>
    public static SearchValues<char> All { get; } = SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C");

    /// <summary><paramref name="text"/> without them.</summary>
    public static string Removed(string text) =>
        text.AsSpan().IndexOfAny(All) < 0 ? text : string.Concat(text.Where(c => !All.Contains(c)));
}
